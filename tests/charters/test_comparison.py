"""Comparing 2 to 4 charters side by side, grouped by participation level and guarantee."""

import pytest

from plugins.charters.services import charters_to_compare, compare_charters
from tests.charters.helpers import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_charters(make_charter):
    first = make_charter("Charte A", commitments=[
        ("Informer tôt", "", "information", "public_report"),
        ("Un budget participatif", "", "co-decision", "commission"),
    ])
    second = make_charter("Charte B", commitments=[
        ("Ateliers citoyens", "", "concertation", "guarantor"),
        ("Rendre compte", "", "information", "reporting_back"),
    ])
    return first, second


def compare_url(*charters):
    return "/chartes/comparer/?" + "&".join(f"chartes={c.pk}" for c in charters)


def test_commitments_are_grouped_by_level_and_guarantee(two_charters):
    first, second = two_charters
    comparison = compare_charters(charters_to_compare([first.pk, second.pk]))
    levels = {group.label: [[c.title for c in cell] for cell in group.cells]
              for group in comparison["by_level"]}
    assert levels == {
        "information": [["Informer tôt"], ["Rendre compte"]],
        "concertation": [[], ["Ateliers citoyens"]],
        "co-décision": [["Un budget participatif"], []],
    } or levels == {
        "information": [["Informer tôt"], ["Rendre compte"]],
        "concertation": [[], ["Ateliers citoyens"]],
        "co-decision": [["Un budget participatif"], []],
    }
    guarantees = [group.label for group in comparison["by_guarantee"]]
    assert len(guarantees) == 4  # guarantor, commission, reporting back, public report


def test_the_comparison_page_shows_charters_side_by_side(client, two_charters):
    response = client.get(compare_url(*two_charters))
    html = text_of(response)
    assert response.status_code == 200
    assert html.index("Charte A") < html.index("Charte B")
    assert "Commitments by participation level" not in html  # translated
    assert "Engagements par niveau de participation" in html
    assert "Engagements par mécanisme de garantie" in html
    assert '<th scope="row">Co-décision</th>' in html


@pytest.mark.parametrize("count", [1, 5])
def test_fewer_than_two_or_more_than_four_charters_is_explained(client, make_charter, count):
    charters = [make_charter(f"Charte {i}") for i in range(count)]
    response = client.get(compare_url(*charters))
    assert response.status_code == 400
    assert "Choisissez entre 2 et 4 chartes" in text_of(response)


def test_the_same_charter_twice_counts_once(client, two_charters):
    first, _ = two_charters
    response = client.get(compare_url(first, first))
    assert response.status_code == 400


def test_an_unknown_or_unpublished_charter_is_explained(client, two_charters):
    first, second = two_charters
    second.unpublish()
    response = client.get(compare_url(first, second))
    assert response.status_code == 400
    assert "n'existe pas ou n'est pas publiée" in text_of(response)
    assert client.get("/chartes/comparer/?chartes=x&chartes=y").status_code == 400


def test_without_selection_the_page_offers_the_choice(client, two_charters):
    response = client.get("/chartes/comparer/")
    html = text_of(response)
    assert response.status_code == 200
    assert 'name="chartes"' in html and "Charte A" in html


def test_hook_commitment_links(client, two_charters, register):
    """Other plugins link commitments to their content: one call per page for all its
    commitments, and a failing plugin leaves the page whole."""
    from plugins.charters.hookspecs import CommitmentLink

    calls = []

    def commitment_links(commitments):
        calls.append(len(commitments))
        return {c.pk: [CommitmentLink("Fiche : le budget participatif", "/pratiques/bp/")]
                for c in commitments if c.level == "co-decision"}

    def broken(commitments):
        raise RuntimeError("boom")

    register(commitment_links=commitment_links)
    register(name="broken", commitment_links=broken)
    compare = text_of(client.get(compare_url(*two_charters)))
    charter = text_of(client.get(two_charters[0].url))
    for html in (compare, charter):
        assert '<a href="/pratiques/bp/">Fiche : le budget participatif</a>' in html
    first, second = two_charters
    assert calls == [first.commitments.count() + second.commitments.count(),
                     first.commitments.count()]


def test_the_link_from_a_charter_pre_ticks_it(client, two_charters):
    first, _ = two_charters
    charter_page = text_of(client.get(first.url))
    assert f"/chartes/comparer/?avec={first.pk}" in charter_page
    response = client.get(f"/chartes/comparer/?avec={first.pk}")
    html = text_of(response)
    assert response.status_code == 200 and 'role="alert"' not in html
    assert f'value="{first.pk}" id="charter-{first.pk}" checked' in html
