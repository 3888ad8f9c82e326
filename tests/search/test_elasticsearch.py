"""Elasticsearch: relevance, aliases, reindex, fallback and catch-up."""

import pytest

from search import api, indexing
from search.models import PendingWrite

from .conftest import load_corpus
from .corpus import CORPUS, DOC, search_document
from .test_text import assert_excerpt_between_words

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]

RELEVANCE = [
    ("budget participatif", {"1", "2", "20"}, 3),
    ("tirage au sort", {"3", "4"}, 2),
    ("jeunes", {"6"}, 3),  # "jeunes" finds "Maison de la jeunesse"
    ("quartiers prioritaires", {"7"}, 1),
    ("fracture numérique", {"8"}, 1),
    ("debat", {"10"}, 3),  # "Grand Débat National"
]


@pytest.mark.parametrize(("text", "expected", "top"), RELEVANCE)
def test_relevance(elasticsearch_search, test_document, text, expected, top):
    load_corpus()
    result = api.search(DOC, text)
    assert result.engine == "elasticsearch"
    assert expected <= {hit.id for hit in result.hits[:top]}


def test_highlight_suggest_similar(elasticsearch_search, test_document):
    load_corpus()
    hit = next(h for h in api.search(DOC, "jeunes").hits if h.id == "6")
    assert "<mark>jeunesse</mark>" in hit.highlight["title"][0]
    assert "essaim_checksum" not in hit.data and "doc_type" not in hit.data
    assert api.suggest("grand deb")[0].title == "Grand Débat National : la synthèse locale"
    similar = api.more_like_this(DOC, "1")
    assert similar and "1" not in {h.id for h in similar}


def test_total_is_exact_with_counts_and_bounded_without(elasticsearch_search, test_document,
                                                      monkeypatch):
    from search.engines import elasticsearch

    load_corpus()
    monkeypatch.setattr(elasticsearch, "TOTAL_HITS", 2)
    # No facet on one type: only the hits request, which stops counting at TOTAL_HITS.
    bounded = api.search(DOC, "budget participatif")
    assert (bounded.total, bounded.total_exact) == (2, False)
    assert len(bounded.hits) == 3 and bounded.types == {DOC: 2}
    # With facets, the counts request counts every hit.
    counted = api.search(DOC, "budget participatif", facets=["region"])
    assert (counted.total, counted.total_exact) == (3, True)
    assert [hit.id for hit in counted.hits] == [hit.id for hit in bounded.hits]
    assert sum(count for _value, count in counted.facets["region"]) == 3
    # A selected facet counts under the other filters only; the others under all of them.
    region = counted.facets["region"][0][0]
    filtered = api.search(DOC, "budget participatif", filters={"region": [region]},
                          facets=["region", "kind"])
    assert filtered.facets["region"] == counted.facets["region"]
    assert sum(count for _value, count in filtered.facets["kind"]) == filtered.total
    assert filtered.total == dict(counted.facets["region"])[region] == len(filtered.hits)


def test_index_behind_alias_and_reindex_swaps(elasticsearch_search, test_document):
    load_corpus()
    first = elasticsearch_search.current_index(DOC)
    assert first.startswith(elasticsearch_search.alias(DOC) + "-")
    result = indexing.reindex(test_document, batch_size=10)
    second = elasticsearch_search.current_index(DOC)
    assert second != first and result["indexed"] == len(CORPUS)
    assert not elasticsearch_search.client.indices.exists(index=first)
    assert api.search(DOC, "budget participatif").total == 3


def test_a_reindexed_index_is_one_segment(elasticsearch_search, test_document):
    """The batches of a reindex leave several segments; they are merged into one
    before the alias swap (every search visits every segment)."""
    load_corpus()
    indexing.reindex(test_document, batch_size=5)
    index = elasticsearch_search.current_index(DOC)
    segments = elasticsearch_search.client.indices.segments(index=index)
    shards = segments["indices"][index]["shards"]["0"]
    assert [len(shard["segments"]) for shard in shards] == [1]
    assert api.search(DOC, "budget participatif").total == 3


def test_reindex_resumes(elasticsearch_search, test_document):
    calls = []

    def interrupt(done, total):
        calls.append(done)
        if done >= 10:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        indexing.reindex(test_document, batch_size=10, progress=interrupt)
    result = indexing.reindex(test_document, batch_size=10)
    assert result["resumed"] and result["indexed"] == len(CORPUS)
    elasticsearch_search.refresh(DOC)
    assert len(elasticsearch_search.ids(test_document)) == len(CORPUS)


def test_reindex_catches_up_with_writes_made_while_it_ran(elasticsearch_search, register):
    items = [dict(item) for item in CORPUS]
    document = search_document(items)
    register(search_documents=lambda: [document])
    load_corpus(items)
    first, second = items[0]["id"], items[1]["id"]

    def write(done, total):
        if done == 10:  # the first batch is in the new index, the alias still on the old
            items[0] = {**items[0], "title": "Budget participatif renouvelé"}
            api.sync(DOC, first)
            del items[1]
            api.sync(DOC, second)

    result = indexing.reindex(document, batch_size=10, progress=write)
    assert result["indexed"] == len(CORPUS)
    # Built without refreshes, then back to the default refresh interval.
    index_settings = elasticsearch_search.client.indices.get_settings(index=result["index"])
    assert "refresh_interval" not in index_settings[result["index"]]["settings"]["index"]
    found = elasticsearch_search.checksums(document)
    assert set(found) == {str(item["id"]) for item in items}  # the deleted one is gone
    assert api.search(DOC, "renouvelé").hits[0].id == str(first)
    assert PendingWrite.objects.count() == 0


def test_check_repairs_drift(elasticsearch_search, test_document):
    load_corpus()
    elasticsearch_search.delete(test_document, "3")
    elasticsearch_search.index_data(test_document, "999", {"title": "Fantôme"})
    elasticsearch_search.index_data(test_document, "4", dict(CORPUS[3], title="Périmé"))
    elasticsearch_search.refresh(DOC)
    report = indexing.check(test_document)
    drift = report["elasticsearch"]
    assert (drift["missing"], drift["extra"], drift["stale"]) == (["3"], ["999"], ["4"])
    assert indexing.check(test_document, repair=False)["elasticsearch"] == {
        "missing": [], "extra": [], "stale": []}


def test_unreachable_elasticsearch_falls_back_and_catches_up(
        elasticsearch_search, register, settings, caplog):
    items = [dict(item) for item in CORPUS]
    register(search_documents=lambda: [search_document(items)])
    load_corpus(items)
    url = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:1"  # Elasticsearch "stopped"
    result = api.search(DOC, "budget participatif", facets=["theme"])
    assert result.engine == "database" and result.fallback
    assert {h.id for h in result.hits} == {"1", "2", "20"}
    assert "unreachable" in caplog.text
    from search.engines import engine_status

    status = engine_status()
    assert status["ok"] is False and status["fallback"] == "database"
    # Writes while it is down: the database has them, Elasticsearch catches up later.
    items[0]["title"] = "Budget participatif renommé"
    assert api.index_data(DOC, "1", items[0]) is False
    assert PendingWrite.objects.filter(doc_type=DOC, object_id="1").exists()
    assert engine_status()["pending_writes"] == 1

    settings.ELASTICSEARCH_URL = url
    api._state.update(down_until=0.0, up_until=0.0)
    from search.tasks import reconcile

    assert reconcile() == 1
    assert not PendingWrite.objects.exists()
    elasticsearch_search.refresh(DOC)
    hit = next(h for h in api.search(DOC, "renommé").hits)
    assert hit.id == "1"
    assert api.search(DOC, "renommé").engine == "elasticsearch"


def test_all_documents_search_groups_by_type(elasticsearch_search, test_document):
    load_corpus()
    result = api.search(None, "budget")
    assert result.types == {DOC: 3}


def test_excerpts_are_cut_between_words_with_an_ellipsis_as_on_the_database_engine(
        elasticsearch_search, test_document):
    assert_excerpt_between_words()
