"""Fixtures of the search tests: a throwaway plugin, both engines, a corpus."""

import os
import uuid

import pytest

from search import api

from .corpus import CORPUS, DOC, search_document


@pytest.fixture
def test_document(register):
    document = search_document()
    register(search_documents=lambda: [document])
    return document


@pytest.fixture(autouse=True)
def _reset_search_state(settings):
    api._state.update(down_until=0.0, up_until=0.0)
    yield
    api._state.update(down_until=0.0, up_until=0.0)


@pytest.fixture
def database_search(settings, db):
    """The embedded default: the database engine, whatever the environment says."""
    settings.ESSAIM_SEARCH_ENGINE = "database"
    settings.ELASTICSEARCH_URL = ""


@pytest.fixture
def elasticsearch_search(settings, db):
    """Elasticsearch, with indexes of a prefix of their own, dropped afterwards."""
    settings.ESSAIM_SEARCH_ENGINE = "elasticsearch"
    settings.ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
    settings.ESSAIM_SEARCH_INDEX_PREFIX = f"essaim-test-{uuid.uuid4().hex[:10]}"
    engine = api.elasticsearch_engine()
    yield engine
    engine.drop_all()


def engine_of(request):
    """The engine fixture ``request.param`` names ("database_search" or
    "elasticsearch_search"): Elasticsearch's is marked, and required like any service."""
    if request.param == "elasticsearch_search":
        request.applymarker(pytest.mark.elasticsearch)
        from tests.conftest import _check_elasticsearch, service_missing

        reason = _check_elasticsearch()
        if reason:
            service_missing(reason)
    return request.getfixturevalue(request.param)


def load_corpus(items=None):
    items = CORPUS if items is None else items
    api.bulk_index(DOC, [(item["id"], item) for item in items])
    if api.elasticsearch_configured():
        api.elasticsearch_engine().refresh(DOC)
