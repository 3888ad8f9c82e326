"""Who may view a draft, edit, submit and publish a sheet: one table, every cell tested."""

import pytest

from plugins.practice_library import permissions

ACTIONS = ["view_draft", "edit", "submit", "publish"]
# actor -> what they may do on a draft sheet owned by the professional "alice".
MATRIX = {
    "anonymous": (False, False, False, False),
    "owner": (True, True, True, False),
    "other_professional": (False, False, False, False),
    "moderator": (True, True, True, True),
    "editor": (True, True, True, False),
}
CASES = [(actor, action, allowed) for actor, row in MATRIX.items()
         for action, allowed in zip(ACTIONS, row, strict=True)]


@pytest.fixture
def actors(professional, other_professional, moderator, editor):
    from django.contrib.auth.models import AnonymousUser

    return {"anonymous": AnonymousUser(), "owner": professional,
            "other_professional": other_professional, "moderator": moderator,
            "editor": editor}


@pytest.fixture
def draft(make_sheet, professional):
    return make_sheet("Brouillon d'Alice", publish=False, owner=professional)


@pytest.mark.parametrize(("actor", "action", "allowed"), CASES)
def test_permission_matrix(actors, draft, actor, action, allowed):
    check = getattr(permissions, f"can_{action}")
    assert check(actors[actor], draft) is allowed


@pytest.mark.parametrize(("actor", "status"), [
    ("anonymous", 302), ("owner", 200), ("other_professional", 403), ("moderator", 200)])
def test_the_contribution_pages_enforce_the_matrix(client, actors, draft, actor, status):
    if actor != "anonymous":
        client.force_login(actors[actor])

    response = client.get(f"/pratiques/contribuer/{draft.pk}/essentiel/")

    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/compte/connexion/")


def test_other_professional_cannot_post_to_someone_elses_sheet(client, other_professional,
                                                               draft):
    client.force_login(other_professional)
    response = client.post(f"/pratiques/contribuer/{draft.pk}/soumettre/")

    assert response.status_code == 403
    draft.refresh_from_db()
    assert not draft.workflow_in_progress


def test_owner_cannot_edit_while_the_sheet_awaits_moderation(client, professional, draft):
    draft.get_workflow().start(draft, professional)
    client.force_login(professional)

    assert not permissions.can_edit(professional, draft)
    assert client.get(f"/pratiques/contribuer/{draft.pk}/essentiel/").status_code == 403


def test_a_user_without_the_professional_group_cannot_contribute(client, make_user):
    client.force_login(make_user("visiteur"))

    assert client.get("/pratiques/contribuer/").status_code == 403
