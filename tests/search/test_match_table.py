"""PostgreSQL: the narrow match table the database engine counts and ranks on follows
the entry table (inserts, updates, deletions, truncation), both vectors included, and a
search over it finds and ranks what the entry table's columns say it should."""

import pytest
from django.db import connection

from search import api
from search.analysis import terms
from search.engines.database import MATCH_TABLE, DatabaseEngine, TextMatch
from search.models import SearchEntry
from search.query import parse

from .conftest import load_corpus
from .corpus import CORPUS, DOC, FACETS

# The match table is PostgreSQL's: in CI, a test database on anything else fails.
pytestmark = pytest.mark.postgres


def match_rows():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT e.object_id, m.doc_type, m.facet_keys, "
                       f"m.search_vector = e.search_vector AND m.exact_vector = e.exact_vector "
                       f"AND length(m.exact_vector) > 0 FROM {MATCH_TABLE} m "
                       f"LEFT JOIN essaim_search_searchentry e ON e.id = m.entry_id")
        return {row[0]: (row[1], sorted(row[2]), row[3]) for row in cursor.fetchall()}


def expected_rows():
    return {entry.object_id: (entry.doc_type, sorted(f"{name}={value[:255]}"
                                                     for name, values in entry.facets.items()
                                                     for value in values), True)
            for entry in SearchEntry.objects.all()}


@pytest.mark.django_db
def test_the_match_table_follows_the_entries(database_search, test_document):
    load_corpus()
    assert match_rows() == expected_rows() and len(match_rows()) == len(CORPUS)
    changed = {**CORPUS[0], "title": "Un tout autre titre", "theme": ["culture", "sante"]}
    api.index_data(DOC, changed["id"], changed)
    assert match_rows() == expected_rows()
    keys = match_rows()[str(changed["id"])][1]
    assert [key for key in keys if key.startswith("theme=")] == ["theme=culture", "theme=sante"]
    api.delete(DOC, CORPUS[1]["id"])
    assert str(CORPUS[1]["id"]) not in match_rows()
    assert match_rows() == expected_rows()
    SearchEntry.objects.filter(object_id__in=[str(item["id"]) for item in CORPUS[2:5]]).delete()
    assert match_rows() == expected_rows()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the deferred foreign keys' checks
        cursor.execute("TRUNCATE essaim_search_searchfacetvalue, essaim_search_searchentry")
    assert match_rows() == {}


@pytest.mark.django_db
def test_a_search_counts_what_the_entries_hold(database_search, test_document):
    """Facet counts and hits computed in Python from the entries' own columns."""
    load_corpus()
    engine = DatabaseEngine()
    filters = {"theme": ["budget", "jeunesse"], "region": ["bretagne", "ile-de-france"]}
    result = engine.search(api.build_query(DOC, "", filters=filters, facets=list(FACETS)))
    items = CORPUS

    def passes(item, skip=None):
        return all(set(map(str, item[name] if isinstance(item[name], list) else [item[name]]))
                   & set(values) for name, values in filters.items() if name != skip)

    assert result.total == sum(passes(item) for item in items)
    for name in FACETS:
        counts = {}
        for item in items:
            if passes(item, skip=name):
                values = item[name] if isinstance(item[name], list) else [item[name]]
                for value in values:
                    counts[str(value)] = counts.get(str(value), 0) + 1
        assert dict(result.facets[name]) == counts, name


@pytest.mark.django_db
def test_a_text_search_ranks_like_the_entry_table(database_search, test_document):
    """The ranks of the one-pass search (read from the match table) are those computed
    on the entry table's own vectors, exact forms included."""
    load_corpus()
    engine = DatabaseEngine()
    for text in ("budget participatif", "Rennes", "jeunes conseil"):
        result = engine.search(api.build_query(DOC, text, per_page=100))
        assert result.hits, text
        ranks = dict(SearchEntry.objects.filter(object_id__in=[hit.id for hit in result.hits])
                     .values_list("object_id", "pk"))
        parsed = parse(text)
        match = TextMatch(engine._slots(parsed.stems, None), parsed.phrases, parsed.exact)
        assert match.exact, text
        by_entry = engine._ranks(match, list(ranks.values()))
        assert {hit.id: pytest.approx(hit.score) for hit in result.hits} == {
            object_id: by_entry[pk] for object_id, pk in ranks.items()}, text
        assert [hit.score for hit in result.hits] == sorted(
            (hit.score for hit in result.hits), reverse=True), text


@pytest.mark.django_db
def test_suggestions_ranked_on_the_match_table_are_those_of_the_entry_table(
        database_search, test_document):
    load_corpus()
    engine = DatabaseEngine()
    for prefix in ("bu", "jeu", "con", "gra", "pa"):
        match = TextMatch([[(stem,)] for stem in dict.fromkeys(terms(prefix))], prefix=True,
                          title_only=True)
        by_entries = engine._ranked(engine._match(SearchEntry.objects.filter(doc_type=DOC),
                                                  match), match).order_by("-rank", "title")
        expected = [entry.object_id for entry in by_entries[:3]]
        assert expected, prefix
        assert [s.id for s in engine.suggest(prefix, [DOC], limit=3)] == expected, prefix
