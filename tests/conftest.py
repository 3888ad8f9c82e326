"""Shared fixtures and the service guard.

Tests marked ``redis``, ``postgres``, ``elasticsearch`` or ``browser`` need a real service. On a
developer machine without it they are skipped with the reason; in CI
(``CI=true``) they fail instead, so a missing service can never pass unseen.
"""

import json
import os
import shutil
from contextlib import contextmanager
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


def _browser_tests_use_the_database():
    """Browser tests use the database without pytest-django's db fixtures (they commit,
    see live_site), so tell its set-up that they need the test database too — otherwise
    running them alone would point the live server at the real one."""
    from pytest_django import fixtures

    original = fixtures._get_databases_for_test

    def databases_for_test(test):
        if "live_site" in getattr(test, "fixturenames", ()):
            from django.db import DEFAULT_DB_ALIAS

            return (DEFAULT_DB_ALIAS,), False
        return original(test)

    fixtures._get_databases_for_test = databases_for_test


_browser_tests_use_the_database()


def service_missing(reason):
    if IN_CI:
        pytest.fail(f"CI=true and a required service is missing: {reason}", pytrace=False)
    pytest.skip(reason)


def _redis_url():
    from django.conf import settings

    return settings.REDIS_URL or settings.CELERY_BROKER_URL  # a parallel worker's own


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


class _WorkerLock:
    """Tests of a parallel run (`pytest -n`) share the machine's Elasticsearch: each holds
    it shared while it runs, and a test marked ``stops_elasticsearch`` holds it alone.
    A turnstile makes the other workers wait behind a test waiting to hold it alone (a
    reader/writer lock on two files, released if a worker dies)."""

    def __init__(self, run_id):
        import tempfile

        base = os.path.join(tempfile.gettempdir(), f"essaim-tests-{run_id}")
        self.turnstile = open(base + ".turnstile", "a")  # noqa: SIM115 (held for the run)
        self.service = open(base + ".elasticsearch", "a")  # noqa: SIM115

    @contextmanager
    def hold(self, alone):
        import fcntl

        fcntl.flock(self.turnstile, fcntl.LOCK_EX)
        try:
            fcntl.flock(self.service, fcntl.LOCK_EX if alone else fcntl.LOCK_SH)
        finally:
            if not alone:
                fcntl.flock(self.turnstile, fcntl.LOCK_UN)
        try:
            yield
        finally:
            fcntl.flock(self.service, fcntl.LOCK_UN)
            if alone:
                fcntl.flock(self.turnstile, fcntl.LOCK_UN)


_worker_lock = None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Set-up, call and teardown (session fixtures included) inside the worker lock."""
    global _worker_lock
    run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if not run_id or not os.environ.get("ELASTICSEARCH_URL"):
        yield
        return
    if _worker_lock is None:
        _worker_lock = _WorkerLock(run_id)
    with _worker_lock.hold(alone=item.get_closest_marker("stops_elasticsearch") is not None):
        yield


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


SHARED_SEARCH_PREFIX = f"essaim-test-shared-{os.getpid()}"


def _elasticsearch_in_use():
    from django.conf import settings

    return settings.ESSAIM_SEARCH_ENGINE == "elasticsearch"


@pytest.fixture(scope="session")
def _shared_search_indexes():
    """Indexes of the data shared by many tests (the demo, the browser site): one prefix
    for the session, dropped at its end."""
    if not _elasticsearch_in_use():
        yield None
        return
    from django.conf import settings

    from search import api
    from search.engines.base import EngineUnavailable

    default = settings.ESSAIM_SEARCH_INDEX_PREFIX if hasattr(
        settings, "ESSAIM_SEARCH_INDEX_PREFIX") else None
    settings.ESSAIM_SEARCH_INDEX_PREFIX = SHARED_SEARCH_PREFIX
    yield SHARED_SEARCH_PREFIX
    try:
        api.elasticsearch_engine().drop_all()
    except EngineUnavailable:
        pass
    if default is None:
        del settings.ESSAIM_SEARCH_INDEX_PREFIX
    else:
        settings.ESSAIM_SEARCH_INDEX_PREFIX = default


@pytest.fixture(autouse=True)
def _isolated_search_indexes(request, settings, _shared_search_indexes):
    """With Elasticsearch configured (CI), a test writes to indexes of its own prefix,
    dropped afterwards: an index is not rolled back with the test's transaction.

    Tests on the shared demo or the browser site read the shared indexes; what a demo
    test wrote there is repaired afterwards from the database, rolled back by then."""
    if not _shared_search_indexes:
        yield
        return
    import uuid

    from search import api
    from search.engines.base import EngineUnavailable

    fixtures = set(request.fixturenames)
    if "live_site" in fixtures:
        yield
        return
    if "demo_site" in fixtures:
        writes = api.elasticsearch_writes()
        yield
        if api.elasticsearch_writes() != writes:
            _repair_shared_indexes(request)
        return
    settings.ESSAIM_SEARCH_INDEX_PREFIX = f"essaim-test-{uuid.uuid4().hex[:12]}"
    engine = api.elasticsearch_engine()
    yield
    try:
        engine.drop_all()
    except EngineUnavailable:  # a test that stopped Elasticsearch on purpose
        pass


def _repair_shared_indexes(request):
    from search import indexing
    from search.registry import get_documents

    blocker = request.getfixturevalue("django_db_blocker")
    with blocker.unblock():
        for document in get_documents().values():
            indexing.check(document, repair=True)


@pytest.fixture
def broker():
    """Point this process's Celery app at a real broker for one test (not eager), and
    back to the settings afterwards, with kombu's connection pools forgotten both ways
    (even eager tasks take a producer from them)."""
    from kombu import pools

    from core.celery import app

    saved = dict(broker_url=app.conf.broker_url, task_always_eager=app.conf.task_always_eager)

    def reset():
        pools.reset()
        app._pool = None
        app.amqp._producer_pool = None

    def use(url):
        app.conf.update(broker_url=url, task_always_eager=False)
        reset()
        return app

    yield use
    app.conf.update(**saved)
    reset()


@pytest.fixture
def register():
    """Register throwaway hook implementations on the live plugin manager for one test."""
    import types

    from core.hookspecs import hookimpl
    from core.plugin_manager import get_plugin_manager
    from search import registry

    manager = get_plugin_manager()
    names = []

    def _register(name="throwaway", **hooks):
        module = types.SimpleNamespace(**{k: hookimpl(v) for k, v in hooks.items()})
        manager.register(module, name=name)
        names.append(name)
        registry.forget()
        return module

    yield _register
    for name in names:
        manager.unregister(name=name)
    registry.forget()


@pytest.fixture(scope="session")
def _embedded_demo_build(tmp_path_factory):
    """`essaim demo` on the embedded default (SQLite, database search, eager Celery), run
    once for the whole run in a folder of its own, with its output: parallel workers
    (`pytest -n`) share one build, the first to need it makes it while the others wait.
    It starts from the run's migrated database (tests/databases.py), as `essaim demo`
    after `essaim migrate` does."""
    from tests import databases
    from tests.core.test_readme_commands import essaim

    base = databases.run_folder(tmp_path_factory)
    var_dir, output = base / "embedded-demo", base / "embedded-demo.out"
    migrated = databases.migrated_sqlite(tmp_path_factory)
    with databases.run_lock(tmp_path_factory, "embedded-demo"):
        if not output.exists():
            shutil.rmtree(var_dir, ignore_errors=True)  # a build that failed half-way
            var_dir.mkdir()
            databases.copy_sqlite(migrated, var_dir / migrated.name)
            result = essaim(var_dir, "demo")
            assert result.returncode == 0, result.stdout + result.stderr
            output.write_text(result.stdout)
    return var_dir, output.read_text()


@pytest.fixture(scope="session")
def embedded_demo(_embedded_demo_build, tmp_path_factory):
    """A copy of the session's embedded demo, for a test module of its own to run
    commands on or serve (building one takes a migration of every app and the demo's
    content: copying is much quicker). Returns (var_dir, what `essaim demo` printed)."""
    def copy(name):
        source, output = _embedded_demo_build
        target = tmp_path_factory.mktemp(name)
        shutil.copytree(source, target, dirs_exist_ok=True)
        return target, output

    return copy


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request, tmp_path_factory):
    """pytest-django's set-up, then, on PostgreSQL, the first worker to have migrated its
    test database keeps a copy of it as the run's migrated template (tests/databases.py):
    the generated plugins' suites start from it. With ``--reuse-db``, a kept database
    that a run committed to or flushed is migrated again."""
    from tests import databases

    with django_db_blocker.unblock():
        if request.config.getvalue("reuse_db"):
            databases.migrate_again_unless_as_migrated()
        elif databases.postgres_url():
            databases.keep_as_template(tmp_path_factory)


def _holds_a_test_database(config):
    """A worker, or a run without -n (the controller of a parallel run has none)."""
    return hasattr(config, "workerinput") or not config.getoption("numprocesses", None)


def pytest_sessionstart(session):
    if _holds_a_test_database(session.config):
        from tests import databases

        databases.remove_orphaned_sqlite_logs()


def pytest_sessionfinish(session):
    if not hasattr(session.config, "workerinput"):  # the controller, or a run without -n
        from tests import databases

        factory = getattr(session.config, "_tmp_path_factory", None)
        if factory is not None:
            databases.drop_run_template(factory.getbasetemp())


@pytest.fixture(scope="session")
def _shared_demo(django_db_setup, django_db_blocker, _shared_search_indexes):
    """The demo, built once and committed, for every test that starts from it."""
    with django_db_blocker.unblock():
        call_command("demo", stdout=StringIO())


@pytest.fixture
def demo_site(_shared_demo, db):
    """The site as `essaim demo` builds it: home, plugin index pages, footer pages.

    Built once for the session (a test's own changes roll back with it); the
    tests using it run after the other database tests and before the browser
    tests, which commit to it, and the transactional ones, which flush it
    (_order below).
    """
    return _shared_demo_home()


def _shared_demo_home():
    """The shared demo's home page; fails if a transactional test flushed it first."""
    from core.models import HomePage

    home = HomePage.objects.first()
    if home is None:
        pytest.fail("the shared demo was flushed before this test: a transactional test "
                    "ran earlier than _order in tests/conftest.py allows")
    return home


def _order(item):
    """Plain database tests, then those on the shared demo, then the browser tests (they
    commit to the shared demo, served live), then transactional ones (they flush), then
    the rest."""
    fixtures = getattr(item, "fixturenames", ())
    if "live_site" in fixtures:
        return 2
    marker = item.get_closest_marker("django_db")
    transactional = ("transactional_db" in fixtures or "live_server" in fixtures
                     or bool(marker and (marker.kwargs.get("transaction")
                                         or marker.kwargs.get("reset_sequences"))))
    if transactional:
        return 3
    if "demo_site" in fixtures:
        return 1
    if "db" in fixtures or marker is not None:
        return 0
    return 4


_flushed_for_transactional_tests = False


@pytest.fixture(autouse=True)
def _transactional_tests_start_flushed(request):
    """The first transactional test of a worker starts from the database its followers
    get (each flushes at its teardown), not from the shared demo committed before it."""
    global _flushed_for_transactional_tests
    if _order(request.node) == 3 and not _flushed_for_transactional_tests:
        request.getfixturevalue("transactional_db")
        call_command("flush", interactive=False, verbosity=0, reset_sequences=False)
        _flushed_for_transactional_tests = True
    yield


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    items.sort(key=_order)


@pytest.fixture(scope="session", autouse=True)
def migrated_data(request, django_db_blocker):
    """The rows migrations created (root page, locale, site, groups), serialized once
    when the test database is ready, before any test can flush it: live_site and the
    concurrency tests load it back after their flushes. Only taken when some
    collected test is transactional (the others roll back and never need it)."""
    if not any({"transactional_db", "live_site"} & set(item.fixturenames)
               for item in request.session.items):
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


@pytest.fixture(scope="session")
def _site_server(django_db_setup):
    """A live server for the whole session (browser tests share it)."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def _committed_site(_site_server, _shared_demo):
    """The shared demo, served live to every browser test: they run after the tests that
    read it (rolled back) and before the transactional ones that flush it (_order)."""
    return _site_server.url


@pytest.fixture
def live_site(request, _committed_site, django_db_blocker, settings):
    """The demo served by a live server; returns its base URL, which emailed links point
    to (as `essaim run` does). The test reads and writes the database as the server
    does, committing: browser tests share one site, so they never count on it being
    pristine (each makes the objects it follows)."""
    if {"db", "transactional_db"} & set(request.fixturenames):
        pytest.fail("a browser test commits what it writes, as the live server does: it "
                    "must not request db or transactional_db (nor fixtures that do)")
    settings.ESSAIM_BASE_URL = settings.WAGTAILADMIN_BASE_URL = _committed_site
    with django_db_blocker.unblock():
        _shared_demo_home()
        yield _committed_site


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
