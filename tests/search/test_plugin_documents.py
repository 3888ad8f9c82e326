"""Every built-in plugin contributes its content to search, on whichever engine runs."""


import pytest

from search import api
from search.registry import get_documents

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed_demo(demo_site):
    """The demo site, built once for the session and indexed as `essaim demo` leaves it."""
    return demo_site


def test_each_plugin_registers_a_search_document():
    assert {"practice_sheet", "charter", "training_module", "visit"} <= set(get_documents())


@pytest.mark.parametrize("document,query,title", [
    ("charter", "democratie locale", "Charte de démocratie locale d'Allonnes"),
    ("charter", "manifeste", "Manifeste pour la participation citoyenne du Nord"),
    ("training_module", "budget", None),
    ("visit", "senat", None),
])
def test_published_content_of_each_plugin_is_found(indexed_demo, document, query, title):
    result = api.search(document, query)
    assert result.total >= 1, f"nothing found in {document} for {query!r}"
    if title:
        assert title in [hit.title for hit in result.hits]


def test_charter_facets_count_commitment_levels(indexed_demo):
    result = api.search("charter", "", facets=["kind", "level"])
    kinds = dict(result.facets["kind"])
    assert sum(kinds.values()) == result.total == 3
    assert dict(result.facets["level"])  # commitments' levels are facet values


def test_global_search_groups_the_types(client, indexed_demo):
    response = client.get("/recherche/?q=budget")
    assert response.status_code == 200
    types = {group["name"] for group in response.context["types"] if group["count"]}
    assert {"practice_sheet", "training_module"} <= types
