"""Shared fixtures and the service guard.

Tests marked ``redis``, ``postgres``, ``elasticsearch`` or ``browser`` need a real service. On a
developer machine without it they are skipped with the reason; in CI
(``CI=true``) they fail instead, so a missing service can never pass unseen.
"""

import json
import os
import shutil
from io import StringIO

import pytest
from django.core.management import call_command

IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = os.environ.get("ESSAIM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# refuses to run there unless told it is safe (it is: one thread at a time).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def service_missing(reason):
    if IN_CI:
        pytest.fail(f"CI=true and a required service is missing: {reason}", pytrace=False)
    pytest.skip(reason)


def _redis_url():
    from django.conf import settings

    return os.environ.get("REDIS_URL") or settings.CELERY_BROKER_URL


def _check_redis():
    import redis

    url = _redis_url()
    if not url.startswith("redis"):
        return "no Redis configured (set REDIS_URL or CELERY_BROKER_URL)"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception as exc:
        return f"Redis at {url} unreachable: {exc}"
    return None


def _check_postgres():
    from django.db import connection

    if connection.vendor != "postgresql":
        return f"needs PostgreSQL, DATABASE_URL gives {connection.vendor}"
    return None


def _check_elasticsearch():
    url = os.environ.get("ELASTICSEARCH_URL", "")
    if not url:
        return ("no Elasticsearch configured "
                "(set ELASTICSEARCH_URL; .ci/elasticsearch.sh starts one)")
    from elasticsearch import Elasticsearch

    try:
        Elasticsearch(url, request_timeout=3, max_retries=0).cluster.health()
    except Exception as exc:
        return f"Elasticsearch at {url} unreachable: {exc}"
    return None


def _check_browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        return f"Chromium not found at {CHROMIUM}"
    return None


SERVICE_CHECKS = {"redis": _check_redis, "postgres": _check_postgres,
                  "elasticsearch": _check_elasticsearch, "browser": _check_browser}


def pytest_runtest_setup(item):
    for marker, check in SERVICE_CHECKS.items():
        if item.get_closest_marker(marker):
            reason = check()
            if reason:
                service_missing(reason)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached values (site root paths, rate-limit counters) never outlive a test."""
    yield
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _isolated_search_indexes(settings):
    """With Elasticsearch configured (CI), each test writes to indexes of its own prefix,
    dropped afterwards: the index is not rolled back with the test's transaction."""
    if settings.ESSAIM_SEARCH_ENGINE != "elasticsearch":
        yield
        return
    import uuid

    from search import api
    from search.engines.base import EngineUnavailable

    settings.ESSAIM_SEARCH_INDEX_PREFIX = f"essaim-test-{uuid.uuid4().hex[:12]}"
    engine = api.elasticsearch_engine()
    yield
    try:
        engine.drop_all()
    except EngineUnavailable:  # a test that stopped Elasticsearch on purpose
        pass


@pytest.fixture
def register():
    """Register throwaway hook implementations on the live plugin manager for one test."""
    import types

    from core.hookspecs import hookimpl
    from core.plugin_manager import get_plugin_manager

    manager = get_plugin_manager()
    names = []

    def _register(name="throwaway", **hooks):
        module = types.SimpleNamespace(**{k: hookimpl(v) for k, v in hooks.items()})
        manager.register(module, name=name)
        names.append(name)
        return module

    yield _register
    for name in names:
        manager.unregister(name=name)


@pytest.fixture
def demo_site(db):
    """The site as `essaim demo` builds it: home, plugin index pages, footer pages."""
    call_command("demo", stdout=StringIO())
    from core.models import HomePage

    return HomePage.objects.get()


@pytest.fixture(scope="session", autouse=True)
def migrated_data(request, django_db_blocker):
    """The rows migrations created (root page, locale, site, groups), serialized once
    when the test database is ready, before any test can flush it: live_site and the
    concurrency tests load it back after their flushes. Only taken when some
    collected test is transactional (the others roll back and never need it)."""
    if not any("transactional_db" in item.fixturenames for item in request.session.items):
        return None
    request.getfixturevalue("django_db_setup")
    from django.db import DEFAULT_DB_ALIAS, connections

    connection = connections[DEFAULT_DB_ALIAS]
    copy = getattr(connection, "_test_serialized_contents", None)
    if copy is None:
        with django_db_blocker.unblock():
            copy = connection.creation.serialize_db_to_string()
    return copy


def restore_migration_data(migrated_data):
    """Empty the database and load back what migrations created, as serialized rollback
    does, whatever the previous transactional test left (or flushed)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import DEFAULT_DB_ALIAS, connections

    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True,
                 reset_sequences=False)  # restored rows keep their ids: sequences go on
    # Content types first: saving other rows may look them up (and would create them,
    # with other ids, if they were missing), and the cache may hold a flushed state.
    ContentType.objects.clear_cache()
    rows = json.loads(migrated_data)
    rows.sort(key=lambda row: row["model"] != "contenttypes.contenttype")
    connections[DEFAULT_DB_ALIAS].creation.deserialize_db_from_string(json.dumps(rows))
    ContentType.objects.clear_cache()


@pytest.fixture
def live_site(transactional_db, live_server, migrated_data):
    """The demo site committed and served by a live server; returns its base URL."""
    restore_migration_data(migrated_data)
    call_command("demo", stdout=StringIO())
    return live_server.url


@pytest.fixture(scope="session")
def browser(migrated_data):
    reason = _check_browser()
    if reason:
        service_missing(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def axe():
    """Runs axe-core (shipped inside the axe-playwright-python wheel) on a page."""
    from axe_playwright_python.sync_playwright import Axe

    checker = Axe()

    def run(page):
        results = checker.run(page)
        serious = [v for v in results.response["violations"]
                   if v.get("impact") in ("serious", "critical")]
        return serious, results

    return run
