"""Pytest fixtures for a plugin's own tests: in its ``tests/conftest.py``,

    from core.testing import essaim_search_indexes, home  # noqa: F401

gives ``home`` (a home page as the default site's root, without the demo) and keeps
each test's search writes apart when Elasticsearch is configured (an index is not
rolled back with the test's transaction).
"""

import uuid

import pytest


@pytest.fixture
def home(db):
    """A home page as the default site's root, without the rest of the demo (fast)."""
    from wagtail.models import Page, Site

    from core.models import HomePage

    home = HomePage(title="Accueil", slug=f"accueil-{uuid.uuid4().hex[:8]}")
    Page.get_first_root_node().add_child(instance=home)
    Site.objects.filter(is_default_site=True).update(root_page=home)
    return home


@pytest.fixture(autouse=True)
def essaim_search_indexes(settings):
    """With Elasticsearch configured, indexes of the test's own prefix, dropped after it."""
    if settings.ESSAIM_SEARCH_ENGINE != "elasticsearch":
        yield None
        return
    from search import api
    from search.engines.base import EngineUnavailable

    settings.ESSAIM_SEARCH_INDEX_PREFIX = f"essaim-test-{uuid.uuid4().hex[:12]}"
    engine = api.elasticsearch_engine()
    yield settings.ESSAIM_SEARCH_INDEX_PREFIX
    try:
        engine.drop_all()
    except EngineUnavailable:
        pass
