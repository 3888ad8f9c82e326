"""A professional proposes a sheet through the multi-step form; a moderator approves or
rejects it in the Wagtail admin; the contributor hears about it."""

import pytest
from django.core import mail
from django.urls import reverse

from core.hookspecs import hookimpl
from core.plugin_manager import get_plugin_manager
from plugins.practice_library.models import PracticeSheetPage

from .helpers import text_of


class Listener:
    def __init__(self):
        self.published = []

    @hookimpl
    def practice_sheet_published(self, sheet):
        self.published.append(sheet.pk)


@pytest.fixture
def listener():
    manager, plugin = get_plugin_manager(), Listener()
    manager.register(plugin, name="test-listener")
    yield plugin
    manager.unregister(plugin)


def propose(client, territory):
    response = client.post("/pratiques/contribuer/nouvelle/", {
        "title": "Un conseil des enfants",
        "territory": f"{territory.name} ({territory.insee_code})",
        "key_point_1": "Des enfants élus", "key_point_2": "Un budget dédié",
        "key_point_3": "Des projets réalisés", "next": ""})
    assert response.status_code == 302, text_of(response)
    sheet = PracticeSheetPage.objects.get(title="Un conseil des enfants")
    base = f"/pratiques/contribuer/{sheet.pk}"
    assert response["Location"] == f"{base}/description/"

    response = client.post(f"{base}/description/", {
        "challenges": [], "mechanisms": [], "participation_level": "concertation",
        "recruitment": "mixed", "volunteers_count": "12", "drawn_count": "12",
        "start_date": "2024-01-10", "status": "ongoing", "total_cost": "1500", "next": ""})
    assert response["Location"] == f"{base}/recit/", text_of(response)
    response = client.post(f"{base}/recit/", {
        "context": "Les enfants n'étaient jamais consultés.\n\nLa Ville a voulu changer cela.",
        "milestones": "2024-01-10 Première séance", "next": ""})
    assert response["Location"] == f"{base}/contact/", text_of(response)
    response = client.post(f"{base}/contact/", {
        "contact_name": "Inès Morel", "contact_email": "ines@example.org",
        "contact_consent": "on", "licence": "cc-by-sa-4.0", "next": ""})
    assert response["Location"] == f"{base}/relecture/", text_of(response)
    return sheet


def test_form_errors_are_shown_and_nothing_is_saved(client, library, territories,
                                                    professional):
    client.force_login(professional)
    response = client.post("/pratiques/contribuer/nouvelle/", {"title": "Sans territoire"})

    assert response.status_code == 200
    assert 'role="alert"' in text_of(response)
    assert not PracticeSheetPage.objects.exists()


def test_drafts_are_revisions_the_contributor_comes_back_to(client, library, territories,
                                                            professional):
    client.force_login(professional)
    sheet = propose(client, territories["small"])
    sheet.refresh_from_db()

    assert not sheet.live
    assert sheet.owner == professional
    assert sheet.revisions.count() == 4
    draft = sheet.get_latest_revision_as_object()
    assert draft.recruitment == "mixed" and draft.milestones.count() == 1
    assert draft.context == ("<p>Les enfants n&#x27;étaient jamais consultés.</p>"
                             "<p>La Ville a voulu changer cela.</p>")
    again = text_of(client.get(f"/pratiques/contribuer/{sheet.pk}/recit/"))
    assert "10/01/2024 Première séance" in again
    assert "Un conseil des enfants" in text_of(client.get("/pratiques/contribuer/"))
    assert client.get(sheet.url or "/pratiques/un-conseil-des-enfants/").status_code == 404


def _workflow_action(client, sheet, action, comment):
    task_state = sheet.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(sheet.pk, action, task_state.pk))
    return client.post(url, {"comment": comment})


def test_submit_approve_publish_and_notify(client, library, territories, professional,
                                           moderator, listener,
                                           django_capture_on_commit_callbacks):
    client.force_login(professional)
    sheet = propose(client, territories["small"])
    response = client.post(f"/pratiques/contribuer/{sheet.pk}/soumettre/")
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.workflow_in_progress
    assert client.get(f"/pratiques/contribuer/{sheet.pk}/description/").status_code == 403

    client.force_login(moderator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _workflow_action(client, sheet, "approve", "Très claire, merci !")

    sheet.refresh_from_db()
    assert sheet.live and not sheet.workflow_in_progress
    assert listener.published == [sheet.pk]
    to_contributor = [m for m in mail.outbox if professional.email in m.to]
    assert len(to_contributor) == 1
    assert "Très claire, merci !" in to_contributor[0].body
    assert sheet.title in to_contributor[0].subject

    client.logout()
    assert "Un conseil des enfants" in text_of(client.get("/pratiques/"))
    page = text_of(client.get(sheet.url))
    assert "Alice" in page  # contributors
    assert "Un conseil des enfants" in client.get("/pratiques/flux.atom").content.decode()


def test_rejection_emails_the_comment_and_lets_the_owner_edit_again(
        client, library, territories, professional, moderator,
        django_capture_on_commit_callbacks):
    client.force_login(professional)
    sheet = propose(client, territories["small"])
    client.post(f"/pratiques/contribuer/{sheet.pk}/soumettre/")
    sheet.refresh_from_db()

    client.force_login(moderator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _workflow_action(client, sheet, "reject", "Précisez le coût, s'il vous plaît.")

    sheet.refresh_from_db()
    assert not sheet.live
    (message,) = [m for m in mail.outbox if professional.email in m.to]
    assert "Précisez le coût" in message.body
    assert f"/pratiques/contribuer/{sheet.pk}/" in message.body
    client.force_login(professional)
    assert client.get(f"/pratiques/contribuer/{sheet.pk}/description/").status_code == 200


def test_each_person_gets_one_moderation_email_through_the_outbox(
        client, library, territories, professional, moderator, django_user_model,
        django_capture_on_commit_callbacks):
    from django.contrib.auth.models import Group

    from core.outbox.models import OutboxMessage

    superuser_moderator = django_user_model.objects.create_superuser(
        "cheffe", "cheffe@example.org", "Colibri-en-essaim-42")
    superuser_moderator.groups.add(Group.objects.get(name="Modérateurs"))
    client.force_login(professional)
    sheet = propose(client, territories["small"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/pratiques/contribuer/{sheet.pk}/soumettre/")
    recipients = sorted(address for m in mail.outbox for address in m.to)
    # Wagtail alone writes twice to a superuser who moderates (workflow and task).
    assert recipients == sorted(["cheffe@example.org", moderator.email])
    (to_moderator,) = [m for m in mail.outbox if moderator.email in m.to]
    assert to_moderator.subject == "À relire : Un conseil des enfants"
    assert "/admin/pages/workflow/preview/" in to_moderator.body
    assert "Salut" not in to_moderator.body
    assert OutboxMessage.objects.filter(payload__template="moderation/emails/submitted",
                                        delivered_at__isnull=False).count() == 2


def test_hook_practice_sheet_published(make_sheet, listener, django_capture_on_commit_callbacks):
    """Publishing a sheet is heard by other plugins once the transaction commits, and a
    draft saved meanwhile is not."""
    sheet = make_sheet("Conseil de quartier", publish=False)
    with django_capture_on_commit_callbacks(execute=True):
        sheet.save_revision()
    assert listener.published == []
    with django_capture_on_commit_callbacks(execute=True):
        sheet.save_revision().publish()
        assert listener.published == []
    assert listener.published == [sheet.pk]
