"""Reading a sheet: sections, protected contact, PDF, similar and adapted practices,
the API, the feed and the search document."""

import datetime

import pytest

from plugins.practice_library.documents import PracticeSheetDocument, prepare
from plugins.practice_library.models import PracticeMilestone
from search.registry import get_documents

from .helpers import text_of


@pytest.fixture
def sheet(make_sheet):
    return make_sheet(
        "Budget participatif rural",
        challenges=["peu-d-ingenierie-peu-de-moyens", "restaurer-la-confiance"],
        mechanisms=["budget-participatif"], context="<p>Un village de 1 500 habitants.</p>",
        lessons="<p>Commencer petit.</p>", contact_name="Lou Martin",
        contact_role="Chargée de participation", contact_email="lou.martin@example.org",
        contact_consent=True, total_cost=12000, participants_count=300,
        programme="Petites villes de demain",
        milestones=[PracticeMilestone(date=datetime.date(2023, 2, 1), label="Lancement")])


def test_the_sheet_shows_its_sections_facts_and_licence(client, sheet):
    html = text_of(client.get(sheet.url))

    for text in ("Budget participatif rural", "Premier point", "Un village de 1 500",
                 "Commencer petit.", "Petiteville", "Petites villes de demain", "Lancement",
                 "creativecommons.org/licenses/by-sa/4.0"):
        assert text in html, text
    assert 'media="print"' in html


def test_contact_email_is_not_in_the_page_until_asked_for(client, sheet):
    html = text_of(client.get(sheet.url))
    assert "Lou Martin" in html
    assert "lou.martin" not in html

    assert "lou.martin" not in text_of(client.get(sheet.url + "contact/", follow=True))
    revealed = text_of(client.post(sheet.url + "contact/"))
    assert "mailto:lou.martin@example.org" in revealed


def test_contact_without_consent_is_never_shown(client, make_sheet):
    sheet = make_sheet(contact_name="Sans Accord", contact_email="secret@example.org",
                       contact_consent=False)

    assert "Sans Accord" not in text_of(client.get(sheet.url))
    assert client.post(sheet.url + "contact/").status_code == 404


def test_pdf_download(client, sheet):
    response = client.get(sheet.url + "pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")


def test_similar_practices_share_challenges_or_mechanisms(client, sheet, make_sheet):
    close = make_sheet("Très proche",
                       challenges=["peu-d-ingenierie-peu-de-moyens", "restaurer-la-confiance"],
                       mechanisms=["budget-participatif"])
    far = make_sheet("Un peu proche", challenges=["restaurer-la-confiance"])
    make_sheet("Sans rapport", challenges=["recits"])

    assert [hit.title for hit in sheet.similar_sheets()] == [close.title, far.title]
    assert "Sans rapport" not in text_of(client.get(sheet.url))


def test_original_lists_its_adaptations_and_adaptation_links_back(client, sheet, make_sheet,
                                                                  territories):
    first = make_sheet("Adaptation 1", territory="medium", adapted_from=sheet)
    make_sheet("Adaptation 2", territory="large", adapted_from=sheet)
    make_sheet("Adaptation brouillon", adapted_from=sheet, publish=False)

    html = text_of(client.get(sheet.url))
    assert "Adapted in 2 other territories" in html or "Adaptée dans 2 autres" in html
    assert "Moyenneville" in html and "Grandeville" in html
    assert "brouillon" not in html
    assert sheet.title in text_of(client.get(first.url))


def test_published_sheets_are_in_the_api_with_their_fields(client, sheet, make_sheet):
    make_sheet("Brouillon", publish=False)
    response = client.get("/api/v2/pages/", {"type": "practice_library.PracticeSheetPage",
                                             "fields": "*"})

    items = response.json()["items"]
    assert [item["title"] for item in items] == [sheet.title]
    item = items[0]
    assert item["territory_data"]["population_bracket"] == "lt-2000"
    assert sorted(item["challenge_slugs"]) == ["peu-d-ingenierie-peu-de-moyens",
                                               "restaurer-la-confiance"]
    assert item["key_points"] == ["Premier point", "Deuxième point", "Troisième point"]
    assert item["milestones"][0]["label"] == "Lancement"
    assert "contact_email" not in item


def test_feed_lists_published_sheets(client, sheet, make_sheet):
    make_sheet("Brouillon secret", publish=False)
    response = client.get("/pratiques/flux.atom")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "Budget participatif rural" in body
    assert "Brouillon secret" not in body


def test_search_document_is_registered_and_prepared(sheet):
    document = get_documents()["practice_sheet"]
    data = document.prepare(sheet)

    assert document.document is PracticeSheetDocument
    assert "challenge" in document.facets
    assert [s.pk for s in document.queryset()] == [sheet.pk]
    assert data["title"] == "Budget participatif rural"
    assert sorted(data["challenge"]) == ["peu-d-ingenierie-peu-de-moyens", "restaurer-la-confiance"]
    assert data["size"] == "lt-2000" and data["year"] == 2023
    assert "Commencer petit." in data["body"]
    assert prepare(sheet) == data
    assert PracticeSheetDocument._doc_type.mapping["title"].to_dict()["analyzer"] == "french"
