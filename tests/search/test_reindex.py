"""`essaim search reindex` as it runs for real: batches prepared in bulk, written by a
thread of their own (outside a transaction), interrupted and resumed, searched meanwhile."""

import pytest

from search import api, indexing
from search.engines.database import DatabaseEngine
from search.models import ReindexRun, SearchEntry, SearchFacetValue, SearchTerm

from .conftest import engine_of, load_corpus
from .corpus import CORPUS, DOC


def test_a_batch_of_practice_sheets_is_prepared_as_each_sheet_is(demo_site):
    """The reindex's prepare_batch gives the data prepare gives, in the same order."""
    from plugins.practice_library.documents import prepare, searchable_sheets
    from search.registry import get_documents

    document = get_documents()["practice_sheet"]
    sheets = list(searchable_sheets().order_by("pk"))
    assert len(sheets) > 5
    found = [item for batch, _last in indexing.batches(document, 5) for item in batch]
    assert found == [(str(sheet.pk), prepare(sheet)) for sheet in sheets]
    assert all(data["url"].startswith("/") and data["place"] for _id, data in found)
    # A batch of its own after any key, as a resumed run starts.
    after = found[2][0]
    assert [i for batch, _l in indexing.batches(document, 5, after) for i, _d in batch] == [
        object_id for object_id, _data in found[3:]]


def test_the_query_count_of_a_batch_does_not_grow_with_its_size(demo_site):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search.registry import get_documents

    document = get_documents()["practice_sheet"]
    next(indexing.batches(document, 1))  # Wagtail's site root paths, then in its cache
    counts = []
    for size in (2, 50):
        with CaptureQueriesContext(connection) as queries:
            batch, _last = next(indexing.batches(document, size))
        counts.append((len(batch) > 10, len(queries)))
    # Read as values, the territories and the four relations: as many for 2 as for 50.
    assert counts == [(False, 8), (True, 8)]


@pytest.fixture(params=["database_search", "elasticsearch_search"])
def engine(request, transactional_db):
    return engine_of(request)


def expected_vocabulary():
    """The words and counts of a single bulk write of the whole corpus on empty tables."""
    rows = set(SearchTerm.objects.filter(doc_type=DOC)
               .values_list("word", "term", "display", "documents"))
    return rows


def test_an_interrupted_reindex_resumes_and_ends_with_exactly_the_right_entries(
        engine, test_document):
    # What one bulk write of the whole corpus gives, to compare the resumed run with.
    DatabaseEngine().bulk_index(test_document, [(item["id"], item) for item in CORPUS])
    entries = dict(SearchEntry.objects.filter(doc_type=DOC).values_list("object_id",
                                                                         "checksum"))
    facets = sorted(SearchFacetValue.objects.filter(doc_type=DOC)
                    .values_list("entry__object_id", "name", "value"))
    vocabulary = expected_vocabulary()
    assert len(entries) == len(CORPUS) and facets and vocabulary
    load_corpus()  # and on Elasticsearch, the index the reindex replaces

    answers = []

    def interrupt(done, total):
        # Written by the reindex's own thread: every search still finds the corpus.
        answers.append((done, api.search(DOC, "budget participatif").total))
        if done >= 10:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        indexing.reindex(test_document, batch_size=5, restart=True, progress=interrupt)
    assert answers == [(0, 3), (5, 3), (10, 3)]
    run = ReindexRun.objects.get(doc_type=DOC, finished__isnull=True)
    assert (run.done, run.last_pk) == (10, "10")

    result = indexing.reindex(test_document, batch_size=5)
    assert result["resumed"] and result["indexed"] == len(CORPUS)
    assert dict(SearchEntry.objects.filter(doc_type=DOC)
                .values_list("object_id", "checksum")) == entries
    assert sorted(SearchFacetValue.objects.filter(doc_type=DOC)
                  .values_list("entry__object_id", "name", "value")) == facets
    assert expected_vocabulary() == vocabulary
    assert indexing.check(test_document, repair=False) == {
        name: {"missing": [], "extra": [], "stale": []}
        for name in (["database", "elasticsearch"] if api.elasticsearch_configured()
                     else ["database"])}
    assert api.search(DOC, "budget participatif").total == 3
    assert ReindexRun.objects.filter(doc_type=DOC, finished__isnull=True).count() == 0


def test_a_failing_write_stops_the_reindex_where_it_was(engine, test_document, monkeypatch):
    load_corpus()
    original = DatabaseEngine.write_analysed
    calls = []

    def write_analysed(self, document, analyses):
        calls.append(len(analyses))
        if len(calls) == 2:
            raise RuntimeError("disque plein")
        return original(self, document, analyses)

    monkeypatch.setattr(DatabaseEngine, "write_analysed", write_analysed)
    with pytest.raises(RuntimeError, match="disque plein"):
        indexing.reindex(test_document, batch_size=10, restart=True)
    run = ReindexRun.objects.get(doc_type=DOC, finished__isnull=True)
    assert (run.done, run.last_pk) == (10, "10")  # the failed batch was rolled back
    monkeypatch.setattr(DatabaseEngine, "write_analysed", original)
    result = indexing.reindex(test_document, batch_size=10)
    assert result["resumed"] and result["indexed"] == len(CORPUS)
    assert SearchEntry.objects.filter(doc_type=DOC).count() == len(CORPUS)
