"""Editors start a charter from the template, adopt versions and see endorsements."""

from datetime import date

import pytest

from plugins.charters.models import CharterPage, Endorsement

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client


def test_new_charter_from_template_starts_with_guidance(editor, charter_index):
    response = editor.post("/admin/charters/new-from-template/",
                           {"title": "Charte de Blois", "territory": "Blois (41018)"})
    charter = CharterPage.objects.get(title="Charte de Blois")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{charter.pk}/edit/"
    assert not charter.live and charter.get_parent().pk == charter_index.pk
    assert "<h3>" in charter.principles
    assert charter.commitments.count() == 4
    assert "commission" in charter.follow_up_commission.lower()

    edit = editor.get(response["Location"])
    assert edit.status_code == 200


def test_adopting_a_version_from_the_admin(editor, make_charter):
    charter = make_charter("Charte à adopter", commitments=[
        ("Rendre compte", "Un retour sous trois mois.", "consultation", "reporting_back")])
    response = editor.post(f"/admin/charters/{charter.pk}/adopt/", {
        "adopted_on": "2024-05-02", "deliberation_reference": "Délibération 2024-12"})
    assert response.status_code == 302
    version = charter.versions.get()
    assert (version.number, version.adopted_on) == (1, date(2024, 5, 2))
    assert editor.get(f"/admin/pages/{charter.pk}/edit/").status_code == 200


def test_editors_see_endorsements(editor, make_charter):
    charter = make_charter()
    Endorsement.objects.create(charter=charter, name="Alix Bernard", email="alix@example.org")
    response = editor.get("/admin/snippets/charters/endorsement/")
    assert response.status_code == 200
    assert "Alix Bernard" in response.content.decode()
