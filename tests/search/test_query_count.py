"""The database engine answers a search in a number of SQL queries that does not grow
with the number of entries: the counts (total, types, every facet) and the page in one
query (it was eight or nine: a query per facet, the types, the count and the page);
a sort by a field adds the page and its ranks."""

from dataclasses import replace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search import api
from search.engines.database import DatabaseEngine

from .conftest import load_corpus
from .corpus import CORPUS, DOC, FACETS, search_document

FILTERS = {"theme": ["budget", "jeunesse"], "region": ["bretagne", "ile-de-france"]}


def copies(start):
    """The corpus again under other ids: every count doubles."""
    return [{**item, "id": start + int(item["id"])} for item in CORPUS]


def measured(engine, text, filters, sort="relevance"):
    request = api.build_query(DOC, text, filters=filters, facets=[*FACETS, "type"], sort=sort)
    engine.search(request)  # warm the thesaurus cache
    with CaptureQueriesContext(connection) as queries:
        result = engine.search(request)
    return result, len(queries)


@pytest.mark.django_db
def test_a_faceted_search_costs_one_query_whatever_the_number_of_sheets(
        database_search, test_document):
    engine = DatabaseEngine()
    load_corpus()
    cases = [("budget", FILTERS, "relevance", 1), ("", FILTERS, "relevance", 1),
             ("budget", FILTERS, "-year", 3), ("budget", {}, "relevance", 1)]
    before = []
    for text, filters, sort, expected in cases:
        result, count = measured(engine, text, filters, sort)
        assert count == expected, (text, filters, sort)
        before.append(result)
    budget = before[0]  # "budget" finds 1, 2 and 20; the filters keep 1 and 20
    assert budget.total == 2 and [hit.id for hit in budget.hits] == ["1", "20"]
    # Each facet ignores its own selection and follows the other one.
    assert budget.facets["region"] == [("bretagne", 1), ("ile-de-france", 1),
                                       ("nouvelle-aquitaine", 1)]
    assert budget.facets["theme"] == [("budget", 2), ("climat", 1), ("democratie", 1)]
    assert budget.facets["kind"] == [("commune", 2)] and budget.types == {DOC: 2}
    load_corpus(copies(1000))
    for (text, filters, sort, expected), old in zip(cases, before, strict=True):
        result, count = measured(engine, text, filters, sort)
        assert count == expected, (text, filters, sort)
        assert result.total == 2 * old.total
        assert result.facets == {name: [(value, 2 * n) for value, n in counts]
                                 for name, counts in old.facets.items()}
        assert result.types == {DOC: 2 * old.types[DOC]}


@pytest.fixture
def similar_document(register):
    document = replace(search_document(), similar_facets=("theme", "audience"))
    register(search_documents=lambda: [document])
    return document


def expected_similar(items, object_id, limit):
    """The reference: most shared theme and audience values, the last indexed first."""
    sheet = next(item for item in items if str(item["id"]) == object_id)
    wanted = {("theme", v) for v in sheet["theme"]} | {("audience", v) for v in sheet["audience"]}
    scored = []
    for position, item in enumerate(items):
        shared = sum((name, value) in wanted for name in ("theme", "audience")
                     for value in item[name])
        if str(item["id"]) != object_id and shared:
            scored.append((-shared, -position, str(item["id"])))
    return [pk for _shared, _position, pk in sorted(scored)[:limit]]


@pytest.mark.django_db
def test_similar_entries_cost_three_queries_whatever_the_number_of_sheets(
        database_search, similar_document):
    engine = DatabaseEngine()

    def similar():
        with CaptureQueriesContext(connection) as queries:
            hits = engine.more_like_this(similar_document, "1", limit=4)
        return [hit.id for hit in hits], len(queries)

    load_corpus()
    few = similar()
    assert few == (expected_similar(CORPUS, "1", 4), 3)
    load_corpus(copies(1000))
    many = similar()
    assert many == (expected_similar(CORPUS + copies(1000), "1", 4), 3)
    assert many[0][0] == "1001"  # the copy shares every value and is newer


@pytest.mark.django_db
def test_an_older_entry_sharing_more_values_than_its_windows_show_still_ranks_first(
        database_search, similar_document, monkeypatch):
    """The windows of the common values (five entries here) hold only the newest: an
    older entry sharing every value appears in the window of the rare one only, and is
    counted exactly because its bound (one window, two full ones newer than it) could
    reach the first places."""
    from search.engines import database

    from .corpus import sheet

    monkeypatch.setattr(database, "SIMILAR_CANDIDATES", 5)

    def item(pk, themes, audiences):
        return sheet(pk, f"Fiche {pk}", "Texte.", "Rennes", themes, audiences, "bretagne",
                     "commune", 2020)

    items = [item(1, ["budget", "rare"], ["habitants"]),  # the sheet
             item(2, ["budget", "rare"], ["habitants"]),  # the oldest: shares all three
             *[item(pk, ["budget"], ["jeunes"]) for pk in range(20, 30)],  # one
             *[item(pk, ["climat"], ["habitants"]) for pk in range(30, 40)],  # one
             *[item(pk, ["budget"], ["habitants"]) for pk in range(40, 44)],  # two
             item(50, ["rare"], ["jeunes"])]  # one
    load_corpus(items)
    hits = DatabaseEngine().more_like_this(similar_document, "1", limit=4)
    assert [hit.id for hit in hits] == expected_similar(items, "1", 4) == ["2", "43", "42", "41"]
    assert [hit.score for hit in hits] == [3.0, 2.0, 2.0, 2.0]
