"""One query suite, both engines: the same documents and the same facet counts.

The database engine runs everywhere (SQLite, PostgreSQL); the comparison with
Elasticsearch runs when it is reachable (always in CI).
"""

import pytest

from search import api

from .conftest import load_corpus
from .corpus import DOC, FACETS

BUDGET = {"1", "2", "20"}

# (query, filters, expected ids or None when only parity matters)
CASES = [
    ("budget participatif", {}, BUDGET),
    ("Budget Participatif", {}, BUDGET),
    ("BUDGETS PARTICIPATIFS", {}, BUDGET),
    ("budgets", {}, BUDGET),
    ('"budget participatif"', {}, BUDGET),
    ("budget -participatif!", {}, BUDGET),
    ("tirage au sort", {}, {"3", "4", "12", "21"}),  # "tirés au sort" (thesaurus)
    ("jeunes", {}, {"5", "6", "22"}),
    ("jeunesse", {}, {"5", "6", "22"}),  # and "jeunes" (thesaurus)
    ("quartiers prioritaires", {}, {"7"}),
    ("fracture numérique", {}, {"8", "9"}),  # "éloignées du numérique" (thesaurus)
    ("numerique", {}, {"8", "9", "27"}),
    ("debat", {}, {"10", "11"}),
    ("DÉBAT", {}, {"10", "11"}),
    ("l'assemblée", {}, {"12", "13"}),
    ("L’Assemblée", {}, {"12", "13"}),
    ("assemblees", {}, {"12", "13"}),
    ("végétalisation", {}, {"14", "20"}),
    ("mobilites douces", {}, {"15", "19"}),
    ("Saint-Étienne", {}, {"8"}),
    ("seniors", {}, {"8", "18", "27"}),
    ("écologique", {}, {"3", "20"}),
    ("conseil", {}, None),
    ("jeu", {}, None),
    ('"conseil des seniors"', {}, {"18"}),
    ('"des seniors"', {}, {"18"}),
    ("aînés", {}, {"8", "18", "27"}),
    ("votaton", {}, set()),
    ("seniros", {}, {"8", "18", "27"}),
    ("Saint-Etiene", {}, {"8"}),
    ("", {"region": ["bretagne"]}, {"1", "5", "26", "28"}),
    ("", {"theme": ["jeunesse", "numerique"]}, {"2", "5", "6", "8", "9", "22", "27"}),
    ("", {"theme": ["climat"], "audience": ["familles"]}, {"14"}),
    ("", {"year": ["2020", "2022"], "kind": ["epci"]}, {"4", "15", "21"}),
    ("budget", {"region": ["ile-de-france"]}, {"20"}),
    ("", {}, set()),
    ("((((", {}, set()),
    ("title:*", {}, set()),
    ("*", {}, set()),
    ("les des et", {}, set()),
    ("a", {}, set()),
    ("zzzzzz introuvable", {}, set()),
    ("AND OR NOT", {}, set()),
]


def run(engine, text, filters, facets=FACETS, per_page=100):
    request = api.build_query(DOC, text, filters=filters, facets=list(facets), per_page=per_page)
    return engine.search(request)


def ids(result):
    return {hit.id for hit in result.hits}


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "filters", "expected"), CASES)
def test_database_engine(database_search, test_document, text, filters, expected):
    load_corpus()
    result = api.search(DOC, text, filters=filters, facets=list(FACETS), per_page=100)
    assert result.engine == "database"
    if expected is not None:
        if not text and not filters:
            expected = {str(item["id"]) for item in test_document.queryset()}
        assert ids(result) == expected
    assert result.total == len(result.hits)
    # Facet counts ignore their own selection: the selected values are still offered.
    for name, values in filters.items():
        offered = {value for value, _count in result.facets[name]}
        assert set(values) <= offered


@pytest.mark.elasticsearch
@pytest.mark.django_db
def test_both_engines_agree(elasticsearch_search, test_document):
    load_corpus()
    database = api.database_engine()
    disagreements = []
    for text, filters, _expected in CASES:
        db_result = run(database, text, filters)
        es_result = run(elasticsearch_search, text, filters)
        if ids(db_result) != ids(es_result) or db_result.total != es_result.total:
            disagreements.append((text, filters, sorted(ids(db_result)), sorted(ids(es_result))))
        if db_result.facets != es_result.facets or db_result.types != es_result.types:
            disagreements.append((text, filters, db_result.facets, es_result.facets))
    assert not disagreements


@pytest.mark.django_db
def test_facets_or_within_and_across(database_search, test_document):
    load_corpus()
    one = api.search(DOC, "", filters={"theme": ["jeunesse"]}, facets=["theme", "region"])
    both = api.search(DOC, "", filters={"theme": ["jeunesse", "numerique"]}, facets=["theme"])
    assert both.total > one.total  # OR within a facet
    narrowed = api.search(DOC, "", filters={"theme": ["jeunesse"], "region": ["bretagne"]},
                          facets=["theme", "region"])
    assert {h.id for h in narrowed.hits} == {"5"}  # AND across facets
    # The theme counts ignore the theme selection, but follow the region one.
    assert dict(narrowed.facets["theme"])["budget"] == 1
    assert dict(narrowed.facets["region"])["nouvelle-aquitaine"] == 3


@pytest.mark.django_db
def test_sort_and_pagination(database_search, test_document):
    load_corpus()
    by_year = api.search(DOC, "", filters={"kind": ["commune", "epci", "departement"]},
                         sort="-year", per_page=10, page=2)
    years = [hit.data["year"] for hit in by_year.hits]
    assert years == sorted(years, reverse=True)
    assert by_year.total == 28 and len(by_year.hits) == 10 and by_year.pages == 3
    unknown = api.search(DOC, "budget", sort="nonsense; DROP TABLE")
    assert {h.id for h in unknown.hits} == BUDGET


@pytest.mark.django_db
def test_highlight_and_suggest_and_similar(database_search, test_document):
    load_corpus()
    hit = next(h for h in api.search(DOC, "jeunes").hits if h.id == "6")
    assert "<mark>jeunesse</mark>" in hit.highlight["title"][0]
    escaped = api.search(DOC, "assemblee").hits
    assert all("<script" not in f for h in escaped for fs in h.highlight.values() for f in fs)
    titles = [s.title for s in api.suggest("deb")]
    assert "Grand Débat National : la synthèse locale" in titles
    assert api.suggest("") == [] and api.suggest("((((") == []
    similar = api.more_like_this(DOC, "1")
    assert similar and "1" not in {h.id for h in similar}
    assert {"2", "20"} & {h.id for h in similar}


@pytest.mark.django_db
def test_unknown_document_and_filters(database_search, test_document):
    with pytest.raises(api.UnknownDocument):
        api.search("nope", "budget")
    load_corpus()
    result = api.search(DOC, "budget", filters={"not_a_facet": ["x"], "region": "bretagne"})
    assert {h.id for h in result.hits} == {"1"}


@pytest.mark.django_db
def test_index_update_and_delete(database_search, test_document):
    load_corpus()
    changed = dict(test_document.queryset()[0], title="Budget citoyen", theme=["climat"])
    api.index_data(DOC, "1", changed)
    assert "1" not in {h.id for h in api.search(DOC, "participatif").hits}
    assert dict(api.search(DOC, "", filters={"theme": ["climat"]}, facets=["theme"])
                .facets["theme"])["climat"] == 7
    api.delete(DOC, "1")
    assert "1" not in {h.id for h in api.search(DOC, "budget").hits}
