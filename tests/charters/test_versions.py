"""Adopted versions are kept, listed with their dates, and compared word by word."""

from datetime import date

import pytest

from core.hookspecs import hookimpl
from core.plugin_manager import get_plugin_manager
from plugins.charters.models import CharterPage, CharterStatus, Commitment
from plugins.charters.services import adopt_version, diff_versions, word_diff
from tests.charters.helpers import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def revised_charter(make_charter):
    charter = make_charter("Charte de la participation", commitments=[
        ("Rendre compte", "Un retour est fait aux participants sous six mois.",
         "consultation", "reporting_back"),
        ("Un garant", "Un garant veille aux grandes concertations.", "concertation",
         "guarantor"),
        ("Un forum annuel", "Un forum réunit les habitants chaque année.", "information",
         "public_report"),
    ])
    adopt_version(charter, adopted_on=date(2018, 6, 28),
                  deliberation_reference="Délibération 2018-072")
    charter = CharterPage.objects.get(pk=charter.pk)
    report, guarantor, forum = charter.commitments.all()
    report.text = "Un retour écrit est fait aux participants sous trois mois."
    report.level = "concertation"
    charter.commitments = [report, guarantor, Commitment(
        sort_order=2, title="Un budget participatif", text="Les habitants votent des projets.",
        level="co-decision", guarantee_kind="commission")]
    charter.save_revision().publish()
    adopt_version(charter, adopted_on=date(2022, 3, 24),
                  deliberation_reference="Délibération 2022-031")
    return CharterPage.objects.get(pk=charter.pk)


def test_every_adopted_version_is_kept_with_its_commitments(revised_charter):
    first, second = revised_charter.versions.all()
    assert (first.number, first.adopted_on) == (1, date(2018, 6, 28))
    assert (second.number, second.adopted_on) == (2, date(2022, 3, 24))
    assert [c["title"] for c in first.commitments] == [
        "Rendre compte", "Un garant", "Un forum annuel"]
    assert [c["title"] for c in second.commitments] == [
        "Rendre compte", "Un garant", "Un budget participatif"]
    assert revised_charter.status == CharterStatus.REVISED
    assert revised_charter.adopted_on == date(2022, 3, 24)
    assert revised_charter.deliberation_reference == "Délibération 2022-031"


def test_adoption_keeps_the_editors_next_draft_in_step(revised_charter):
    draft = revised_charter.get_latest_revision_as_object()
    assert draft.status == CharterStatus.REVISED
    assert draft.adopted_on == date(2022, 3, 24)


def test_hook_charter_adopted(make_charter, django_capture_on_commit_callbacks):
    """Adopting a version is heard by other plugins, once the transaction commits."""
    heard = []

    class Listener:
        @hookimpl
        def charter_adopted(self, charter):
            heard.append(charter.title)

    manager = get_plugin_manager()
    listener = Listener()
    manager.register(listener, name="test-charter-listener")
    try:
        charter = make_charter("Charte écoutée")
        with django_capture_on_commit_callbacks(execute=True):
            adopt_version(charter, adopted_on=date(2024, 1, 15))
            assert heard == []  # nothing before the commit
    finally:
        manager.unregister(name="test-charter-listener")
    assert heard == ["Charte écoutée"]


def test_diff_lists_added_removed_and_changed_commitments(revised_charter):
    first, second = revised_charter.versions.all()
    diff = diff_versions(first, second)
    assert [c.title for c in diff.added] == ["Un budget participatif"]
    assert [c.title for c in diff.removed] == ["Un forum annuel"]
    assert [c.title for c in diff.changed] == ["Rendre compte"]
    assert diff.unchanged == 1
    assert [change.field for change in diff.changed[0].changes] == ["text", "level"]


def test_diff_is_the_same_whichever_order_the_versions_are_given(revised_charter):
    first, second = revised_charter.versions.all()
    assert diff_versions(second, first).added[0].title == "Un budget participatif"


def test_changed_text_is_shown_word_by_word():
    segments = word_diff("un retour sous six mois", "un retour écrit sous trois mois")
    assert segments == [("equal", "un retour "), ("insert", "écrit "), ("equal", "sous "),
                        ("delete", "six "), ("insert", "trois "), ("equal", "mois")]


def test_history_page_lists_versions_with_dates_and_deliberations(client, revised_charter):
    response = client.get(revised_charter.url + "versions/")
    html = text_of(response)
    assert response.status_code == 200
    assert "28 juin 2018" in html and "24 mars 2022" in html
    assert "Délibération 2018-072" in html


def test_history_page_shows_a_readable_diff(client, revised_charter):
    response = client.get(revised_charter.url + "versions/?de=1&a=2")
    html = text_of(response)
    assert response.status_code == 200
    assert "Un budget participatif" in html and "Un forum annuel" in html
    assert "écrit " in html.split("<ins>", 1)[1]
    assert "<del>" in html and "six " in html.split("<del>", 1)[1]


def test_asking_for_a_version_that_does_not_exist_says_so(client, revised_charter):
    response = client.get(revised_charter.url + "versions/?de=1&a=9")
    assert response.status_code == 400
    assert "Choisissez deux versions adoptées" in text_of(response)


def test_charter_page_lists_adopted_versions(client, revised_charter):
    html = text_of(client.get(revised_charter.url))
    assert "Version 1, adoptée le 28 juin 2018" in html
    assert "Version 2, adoptée le 24 mars 2022" in html
