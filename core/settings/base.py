"""Settings shared by every environment.

Everything that differs between machines comes from the environment, so the
same code runs the embedded demo (SQLite, database search, eager Celery) and
production (PostgreSQL, Elasticsearch, Redis).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from core.bookings.schedule import BEAT_SCHEDULE as BOOKINGS_BEAT_SCHEDULE
from core.plugin_manager import get_plugin_manager

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Runtime data of the embedded default (database, media, mails) lives here.
VAR_DIR = Path(os.environ.get("ESSAIM_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

PLUGIN_MANAGER = get_plugin_manager()

INSTALLED_APPS = [
    "core",
    "core.accounts",
    "core.bookings",
    "core.outbox",
    *PLUGIN_MANAGER.installed_apps(),
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    # After wagtail.admin: replaces its moderation email notifiers (core/moderation).
    "core.moderation",
    "rest_framework",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.StripControlCharactersMiddleware",
    # Wagtail's site root paths read once per request (core/siteroots.py).
    "core.siteroots.SiteRootPathsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Anonymous pages from the cache, purged by any write (core/pagecache.py).
    "core.pagecache.PageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: locks out after repeated failed logins (django-axes).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "core.urls"
# Every form rendered one way: label, field, help and errors (core/forms.py).
FORM_RENDERER = "core.forms.EssaimFormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "core.context_processors.site_chrome",
            ],
            # Its date filter replaces Django's: "1er septembre" (core/typography.py).
            "builtins": ["core.templatetags.typography"],
        },
    },
]

WSGI_APPLICATION = "core.wsgi.application"

# --- Database -----------------------------------------------------------------
# SQLite in IMMEDIATE mode takes the write lock when a transaction starts, so
# concurrent writers queue instead of failing half-way with "database is locked".
DEFAULT_SQLITE_URL = f"sqlite:///{VAR_DIR / 'essaim.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", DEFAULT_SQLITE_URL), conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "core.accounts.password_validation.PersonalSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation -----------------------------------------------------
LANGUAGE_CODE = "fr"
# Django's French formats, with a narrow no-break space between thousands.
FORMAT_MODULE_PATH = ["core.formats"]
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
WAGTAIL_CONTENT_LANGUAGES = [("fr", "Français")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- Static and media ---------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    # Optional S3-compatible media (django-storages reads the AWS_* variables itself).
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# --- Email --------------------------------------------------------------------
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    # Embedded default: every email is written to a file to read.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL",
                                    "Essaim <ne-pas-repondre@essaim.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery -------------------------------------------------------------------
_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL") or ""
# Without a broker, tasks run in-process (eager): nothing to install for the demo.
CELERY_TASK_ALWAYS_EAGER = not _BROKER_URL
CELERY_BROKER_URL = _BROKER_URL or "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A web request that queues a task must not wait long for a broker that is down: the
# outbox row is already written and the flush task delivers it later.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
# Core's own periodic work, then what the plugins contribute.
CELERY_BEAT_SCHEDULE = {
    # The sign-up engine: reminders, offer expiry, feedback requests, retention purge.
    **BOOKINGS_BEAT_SCHEDULE,
    # Replays index writes Elasticsearch missed while it was unreachable.
    "search-reconcile": {"task": "search.reconcile", "schedule": 5 * 60},
    # Forgets the weekly search counts older than ESSAIM_SEARCH_QUERY_LOG_WEEKS.
    "search-purge-query-log": {"task": "search.purge_query_log", "schedule": 24 * 60 * 60},
    # Delivers what could not be queued (broker down) and retries what failed.
    "outbox-flush": {"task": "outbox.flush", "schedule": 60},
    "outbox-purge": {"task": "outbox.purge", "schedule": 24 * 60 * 60},
    # Every retention rule of core and the plugins (core/personal_data.py).
    "personal-data-purge": {"task": "core.tasks.purge_personal_data",
                            "schedule": 24 * 60 * 60},
    **PLUGIN_MANAGER.beat_schedule(),
}

# --- Cache ----------------------------------------------------------------------
# Rate limits and throttles must be shared by every web process: Redis when
# configured, the local process memory for the embedded default.
REDIS_URL = os.environ.get("REDIS_URL") or (
    CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else "")


def redis_cache(url, prefix="essaim"):
    """The shared cache on Redis. A Redis that is down degrades it to misses (logged),
    never a failing page."""
    return {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": url, "KEY_PREFIX": prefix,
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1,
                        "SOCKET_TIMEOUT": 1}}


DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
# Anonymous pages are served from the cache for this long at most (0: never); any write
# makes them stale at once (core/pagecache.py).
ESSAIM_PAGE_CACHE_SECONDS = int(os.environ.get("ESSAIM_PAGE_CACHE_SECONDS", "600"))
# /healthz checks the database on every call, the broker, search and outbox at most once
# in this many seconds per process (core/health.py).
ESSAIM_HEALTH_CACHE_SECONDS = float(os.environ.get("ESSAIM_HEALTH_CACHE_SECONDS", "5"))
# Without Redis (the embedded default) the cache lives in files under the var
# directory, shared by `essaim run` and every command or worker of the same install,
# so a sheet imported from the command line purges the pages the server caches.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                      "LOCATION": str(VAR_DIR / "cache"), "OPTIONS": {"MAX_ENTRIES": 5000}}}
if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}

# --- Search -------------------------------------------------------------------
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
ESSAIM_SEARCH_ENGINE = "elasticsearch" if ELASTICSEARCH_URL else "database"
# Weeks of aggregated search counts kept for moderators (search.querylog).
ESSAIM_SEARCH_QUERY_LOG_WEEKS = int(os.environ.get("ESSAIM_SEARCH_QUERY_LOG_WEEKS", "26"))
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# --- Wagtail ------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Essaim"
# The public address of the site, for every absolute link (core/links.py). Without it,
# the default Wagtail site's hostname and port are used (production requires it).
ESSAIM_BASE_URL = os.environ.get("ESSAIM_BASE_URL", "").strip().rstrip("/")
if ESSAIM_BASE_URL:
    WAGTAILADMIN_BASE_URL = WAGTAILAPI_BASE_URL = ESSAIM_BASE_URL
# Without it Wagtail uses the default site's address, as core/links.py does; production
# requires ESSAIM_BASE_URL (essaim.E001 in `check --deploy`).
SILENCED_SYSTEM_CHECKS = ["wagtailadmin.W003"]
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "ods", "odp", "docx", "xlsx", "pptx", "csv", "txt"]
# Documents are judged by their content (core/uploads.py) and served through Django,
# which checks private collections (session materials) before sending a byte.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "core.uploads.ValidatedDocumentForm"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
ESSAIM_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Draftail named by its field's label (axe: aria-input-field-name), core/rich_text.py.
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {"WIDGET": "core.rich_text.LabelledDraftailRichTextArea"},
}

# --- Logins, proxies, accounts ------------------------------------------------------
# Behind a reverse proxy, the addresses (or networks) whose X-Forwarded-For is believed:
# rate limits and login lockouts then count the client, not the proxy (core/net.py).
ESSAIM_TRUSTED_PROXIES = env_list("ESSAIM_TRUSTED_PROXIES")
# django-axes: five wrong passwords for one account from one address lock that pair
# for 15 minutes (on /compte/connexion/ and /admin/login/ alike); an administrator can
# unlock sooner (Settings → Login lockouts, or `essaim axes_reset`).
AXES_FAILURE_LIMIT = int(os.environ.get("ESSAIM_LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("ESSAIM_LOGIN_LOCKOUT_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.net.client_ip"
AXES_LOCKOUT_CALLABLE = "core.accounts.views.locked_out"
AXES_VERBOSE = False
AXES_DISABLE_ACCESS_LOG = True  # no history of successful logins: data kept minimal
# Accounts whose address was never verified are deleted after this many days.
ESSAIM_ACCOUNTS_UNVERIFIED_DAYS = int(os.environ.get("ESSAIM_ACCOUNTS_UNVERIFIED_DAYS", 7))

# --- Content-Security-Policy (django-csp) ------------------------------------------
# Public pages load scripts and styles from this origin only: no inline script, no
# nonce, so a page served from the cache carries no per-request secret.
_MEDIA_ORIGIN = os.environ.get("ESSAIM_MEDIA_ORIGIN", "")  # an S3 or CDN origin, if any
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *([_MEDIA_ORIGIN] if _MEDIA_ORIGIN else [])],
        "media-src": ["'self'", *([_MEDIA_ORIGIN] if _MEDIA_ORIGIN else [])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "frame-src": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
# The Wagtail admin (its rich-text editor, choosers, preview panel) needs more.
ESSAIM_ADMIN_CSP = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", *([_MEDIA_ORIGIN] if _MEDIA_ORIGIN else [])],
    "frame-ancestors": ["'self'"],
    "frame-src": ["'self'"],
}

# --- Essaim -------------------------------------------------------------------
# Fetching from other servers (core/remote.py, federation): https to public addresses
# only, unless these say otherwise (development and tests federate over loopback).
ESSAIM_REMOTE_ALLOW_HTTP = env_bool("ESSAIM_REMOTE_ALLOW_HTTP", False)
ESSAIM_REMOTE_ALLOW_PRIVATE_ADDRESSES = env_bool("ESSAIM_REMOTE_ALLOW_PRIVATE_ADDRESSES",
                                                 False)
ESSAIM_PLUGINS = PLUGIN_MANAGER.allow_list
ESSAIM_DISABLED_PLUGINS = PLUGIN_MANAGER.deny_list

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # No token nor email address in any log line (core/logging.py).
    "filters": {"redact": {"()": "core.logging.RedactSecrets"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain",
                             "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own console handlers print unfiltered: route its loggers through ours.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # One line per task run drowns what `essaim demo` prints; failures still show.
        "celery.app.trace": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# Plugins contribute defaults; an explicit setting above or in the environment wins.
for _name, _value in PLUGIN_MANAGER.settings_defaults().items():
    globals().setdefault(_name, _value)
