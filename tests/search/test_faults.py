"""Elasticsearch stopped for real, then started again: searches fall back to the database
engine (and say so), writes wait, and everything catches up when it is back."""

import pytest

from search import api
from search.engines import engine_status
from search.models import PendingWrite
from tests.conftest import service_missing
from tests.faults.services import (
    elasticsearch_control_available,
    start_elasticsearch,
    stop_elasticsearch,
    wait_until,
)

from .conftest import load_corpus
from .corpus import CORPUS, DOC, search_document

pytestmark = pytest.mark.elasticsearch


@pytest.mark.stops_elasticsearch
def test_stopped_elasticsearch_falls_back_then_catches_up(elasticsearch_search, register,
                                                          client):
    reason = elasticsearch_control_available()
    if reason:
        service_missing(reason)
    items = [dict(item) for item in CORPUS]
    register(search_documents=lambda: [search_document(items)])
    load_corpus(items)
    assert api.search(DOC, "budget participatif").engine == "elasticsearch"

    stop_elasticsearch()
    try:
        result = api.search(DOC, "budget participatif", facets=["theme"])
        assert (result.engine, result.fallback) == ("database", True)
        assert {hit.id for hit in result.hits} == {"1", "2", "20"}
        assert client.get("/healthz").json()["checks"]["search"]["ok"] is False
        items[0]["title"] = "Budget participatif renommé"
        assert api.index_data(DOC, "1", items[0]) is False  # the database has it
        assert PendingWrite.objects.filter(doc_type=DOC, object_id="1").exists()
        assert [h.id for h in api.search(DOC, "renommé").hits] == ["1"]
    finally:
        start_elasticsearch()
    wait_until(lambda: api.elasticsearch_available(force=True), 60,
               message="Elasticsearch to answer again")

    from search.tasks import reconcile

    assert reconcile() == 1
    assert not PendingWrite.objects.exists()
    elasticsearch_search.refresh(DOC)
    result = api.search(DOC, "renommé")
    assert result.engine == "elasticsearch" and not result.fallback
    assert [hit.id for hit in result.hits] == ["1"]
    assert engine_status() == {"ok": True, "engine": "elasticsearch", "fallback": None,
                               "pending_writes": 0}
