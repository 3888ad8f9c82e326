"""/recherche/ shows facet values by their labels, for every built-in document."""

import pytest
from django.utils import translation

from search.documents import choice_facet_labels
from search.registry import get_documents


def test_choice_facet_labels_reads_fixed_choices_and_tables_once_per_search():
    calls = []

    def table():
        calls.append(1)
        return [("a", "Alpha")]

    labels = choice_facet_labels({"kind": ("Kind", [(1, "One")]), "letter": ("Letter", table)})

    assert labels({"kind": [("1", 3)], "letter": [("a", 1)], "other": [("x", 1)]}) == {
        "kind": ("Kind", {"1": "One"}), "letter": ("Letter", {"a": "Alpha"})}
    assert calls == [1]


@pytest.mark.django_db
def test_charter_and_visit_facets_have_french_legends_and_labels():
    documents = get_documents()
    with translation.override("fr"):
        charters = documents["charter"].facet_labels(
            {"kind": [("practical_guide", 1)], "status": [("consultation", 1)],
             "level": [("co-decision", 1)], "region": [("pays-de-la-loire", 1)]})
        visits = documents["visit"].facet_labels(
            {"kind": [("council_chamber", 2)], "accessible": [("yes", 1), ("no", 1)],
             "institution": [("Hôtel de ville de Blois", 1)]})

    assert charters["kind"][1]["practical_guide"] == "guide pratique"
    assert charters["status"][1]["consultation"] == "en concertation"
    assert charters["level"][1]["co-decision"] == "co-décision"
    assert charters["region"] == ("région", dict(charters["region"][1]))
    assert charters["region"][1]["pays-de-la-loire"] == "Pays de la Loire"
    assert visits["accessible"][1] == {"yes": "oui", "no": "non"}
    assert visits["kind"][1]["council_chamber"] == "salle du conseil municipal"
    assert visits["institution"] == ("institution", {})
