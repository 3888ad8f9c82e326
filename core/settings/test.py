"""Settings for the test suite: services come from the environment as in production."""

from .base import *  # noqa: F403
from .base import VAR_DIR

SECRET_KEY = "test-only-secret-key-not-for-production-use-0123456789abcdef"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "test-media"
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
# Federation tests run their remote instances on loopback, over plain HTTP.
ESSAIM_REMOTE_ALLOW_HTTP = ESSAIM_REMOTE_ALLOW_PRIVATE_ADDRESSES = True
