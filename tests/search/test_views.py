"""/recherche/ and the autocomplete endpoint."""

import pytest

from .conftest import load_corpus
from .corpus import DOC

pytestmark = pytest.mark.django_db


def test_results_grouped_by_type_with_highlights(database_search, test_document, client):
    load_corpus()
    response = client.get("/recherche/", {"q": "jeunes"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Fiches de test" in html and "(3)" in html
    assert "<mark>jeunes</mark>" in html
    assert response.context["result"].total == 3


def test_facet_filters_within_a_type(database_search, test_document, client):
    load_corpus()
    response = client.get("/recherche/", {"q": "budget", "type": DOC, "region": "bretagne"})
    assert response.context["result"].total == 1
    facets = {f["name"]: f["values"] for f in response.context["facets"]}
    assert any(v["value"] == "bretagne" and v["checked"] for v in facets["region"])
    assert 'name="region"' in response.content.decode()


def test_empty_and_no_results(database_search, test_document, client):
    load_corpus()
    assert client.get("/recherche/").context["result"] is None
    response = client.get("/recherche/", {"q": "zzzzzz"})
    assert response.context["result"].total == 0


def test_autocomplete_json(database_search, test_document, client):
    load_corpus()
    data = client.get("/recherche/suggestions/", {"q": "grand déb"}).json()
    assert data["suggestions"][0]["title"] == "Grand Débat National : la synthèse locale"
    assert data["suggestions"][0]["url"] == "/pratiques/fiche-10/"
    assert client.get("/recherche/suggestions/", {"q": "g"}).json()["suggestions"] == []


def test_search_box_is_a_combobox(database_search, client):
    html = client.get("/recherche/").content.decode()
    assert 'role="combobox"' in html and 'aria-controls="search-q-listbox"' in html
    assert "search/combobox.js" in html


def test_counts_are_grouped_and_a_bounded_total_says_more_than(database_search, test_document,
                                                              client, monkeypatch):
    from search import views
    from search.engines.base import SearchResult

    def answer(total, exact):
        return lambda *args, **kwargs: SearchResult(
            hits=[], total=total, facets={}, types={}, page=1, per_page=20,
            engine="elasticsearch", total_exact=exact)

    monkeypatch.setattr(views.api, "search", answer(43496, True))
    html = client.get("/recherche/", {"q": "budget"}).content.decode()
    assert "43\u202f496 résultats pour «\u202fbudget\u202f»" in html
    monkeypatch.setattr(views.api, "search", answer(10000, False))
    html = client.get("/recherche/", {"q": "budget"}).content.decode()
    assert "Plus de 10\u202f000 résultats pour «\u202fbudget\u202f»" in html
    html = client.get("/recherche/", {"type": DOC, "region": "bretagne"}).content.decode()
    assert "Plus de 10\u202f000 résultats<" in html


def test_counts_of_thousands_are_written_the_french_way(database_search, test_document,
                                                        client):
    """The total, the types' tabs, the groups and the facets' counts: "1 036", with a
    narrow no-break space, as in the summary."""
    from core import typography

    from .corpus import CORPUS

    load_corpus([{**CORPUS[0], "id": 1000 + n} for n in range(1050)])  # "Budget participatif…"
    response = client.get("/recherche/", {"q": "budget", "type": DOC})
    total = response.context["result"].total
    assert total > 1000
    shown = typography.number(total)
    assert " " not in shown and shown != str(total)
    html = response.content.decode()
    assert f"{shown} résultats" in html
    facet_values = [value for facet in response.context["facets"] for value in facet["values"]
                    if value["count"] == total]
    assert facet_values  # every copy has the same values
    # The type's tab, its group's heading and those facet values.
    assert html.count(f"({shown})") == 2 + len(facet_values)
    assert f"({total})" not in html
