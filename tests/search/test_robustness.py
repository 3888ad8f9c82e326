"""Hostile input never breaks search; the page and the autocomplete answer."""

import pytest

from search import api

from .conftest import engine_of, load_corpus
from .corpus import DOC

HOSTILE = [
    "budget " * 2000,
    "!!!???%%%&&&",
    "title:*",
    "((((",
    '"unbalanced',
    "\\",
    "a\x00b",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "NEAR(budget participatif)",
    "budget* AND -",
    "日本語 العربية",
    "😀",
    "%",
]


@pytest.fixture(params=["database_search", "elasticsearch_search"])
def any_engine(request, db):
    return engine_of(request)


@pytest.mark.django_db
@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_queries(any_engine, test_document, client, text):
    load_corpus()
    api.search(DOC, text, facets=["theme"], filters={"theme": [text]})
    api.suggest(text)
    assert client.get("/recherche/", {"q": text}).status_code == 200
    assert client.get("/recherche/", {"q": text, "type": DOC, "theme": text,
                                      "page": text}).status_code == 200
    response = client.get("/recherche/suggestions/", {"q": text})
    assert response.status_code == 200


@pytest.mark.django_db
def test_page_beyond_the_window(database_search, test_document):
    load_corpus()
    result = api.search(DOC, "budget", page=10**9, per_page=10**6)
    assert result.hits == [] and result.per_page == 100
