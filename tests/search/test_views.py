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
