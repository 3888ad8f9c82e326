"""Settings for the test suite: services come from the environment as in production."""

import os
from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403
from .base import CELERY_BROKER_URL, REDIS_URL, VAR_DIR

# A parallel run (`pytest -n`) gives each worker its own Redis database and media folder
# here; pytest-django gives each its own test database, and the search tests their own
# index prefix (tests/conftest.py).
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
WORKER_NUMBER = int(WORKER.removeprefix("gw") or 0)


def _worker_redis_database(url):
    if not url.startswith("redis") or not WORKER_NUMBER:
        return url
    parts = urlsplit(url)
    database = int(parts.path.strip("/") or 0) + WORKER_NUMBER
    return urlunsplit(parts._replace(path=f"/{database % 16}"))


# (What the tests needing the real Redis connect to; the cache below stays local.)
REDIS_URL = _worker_redis_database(REDIS_URL)
CELERY_BROKER_URL = _worker_redis_database(CELERY_BROKER_URL)

SECRET_KEY = "test-only-secret-key-not-for-production-use-0123456789abcdef"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / f"test-media{WORKER and '-' + WORKER}"
ESSAIM_BASE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"

# Tasks run in-process so tests see their effects; the broker (Redis in CI) is
# still configured and checked by the tests that are about it.
CELERY_TASK_ALWAYS_EAGER = True
# A cache per test process, emptied after every test (tests/conftest.py): a shared
# Redis cache would outlive the rolled-back data it describes.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The page cache's generation must be shared by every process writing the database; the
# test process's memory is not, so the tests that exercise the page cache turn it on.
ESSAIM_PAGE_CACHE_SECONDS = 0
ESSAIM_HEALTH_CACHE_SECONDS = 0
# Elasticsearch (when configured) makes each write searchable at once.
ESSAIM_SEARCH_REFRESH_ON_WRITE = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 (WhiteNoise warns when missing)
# Live-server request threads close their connection after each request, so the test
# database can be dropped at the end of the run.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file in var/ rather than memory, so that a migrated copy can be put in its place
    # and kept with `pytest --reuse-db` (the generated plugins' suites start so:
    # tests/databases.py); a parallel worker's gets its name as suffix.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}  # noqa: F405
# Federation tests run their remote instances on loopback, over plain HTTP.
ESSAIM_REMOTE_ALLOW_HTTP = ESSAIM_REMOTE_ALLOW_PRIVATE_ADDRESSES = True
