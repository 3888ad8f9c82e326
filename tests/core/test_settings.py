"""Settings come from the environment; production is safe by default."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management.utils import get_random_secret_key
from django.db import connection

from tests.conftest import IN_CI


def run_python(code, env, tmp_path):
    return subprocess.run(
        [sys.executable, "-c", code],
        env={"PATH": os.environ["PATH"], "ESSAIM_VAR_DIR": str(tmp_path), **env},
        capture_output=True, text=True, check=False, timeout=120,
    )


def production_env(**extra):
    return {"DJANGO_SETTINGS_MODULE": "core.settings.production",
            "SECRET_KEY": get_random_secret_key() + get_random_secret_key(),
            "ALLOWED_HOSTS": "essaim.example.org", "ESSAIM_BASE_URL": "https://essaim.example.org",
            "REDIS_URL": "redis://cache.internal:6379/0", **extra}


def test_production_passes_check_deploy_without_warnings(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "from core.cli import main; raise SystemExit(main())",
         "check", "--deploy", "--fail-level", "WARNING"],
        env={"PATH": os.environ["PATH"], "ESSAIM_VAR_DIR": str(tmp_path), **production_env()},
        capture_output=True, text=True, check=False, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(("env", "message"), [
    ({"ESSAIM_BASE_URL": ""}, "essaim.E001"),
    ({"ESSAIM_BASE_URL": "http://essaim.example.org"}, "essaim.E002"),
    ({"ESSAIM_BASE_URL": "https://essaim.example.org/essaim/"}, "essaim.E002"),
    ({"REDIS_URL": "", "CELERY_BROKER_URL": ""}, "essaim.W001"),
])
def test_check_deploy_refuses_what_production_cannot_run_without(tmp_path, env, message):
    result = subprocess.run(
        [sys.executable, "-c", "from core.cli import main; raise SystemExit(main())",
         "check", "--deploy", "--fail-level", "WARNING"],
        env={"PATH": os.environ["PATH"], "ESSAIM_VAR_DIR": str(tmp_path),
             **production_env(**env)},
        capture_output=True, text=True, check=False, timeout=120,
    )
    assert result.returncode != 0
    assert message in result.stdout + result.stderr


@pytest.mark.parametrize("secret", ["", "short", "django-insecure-" + "x" * 60])
def test_production_refuses_a_missing_or_default_secret_key(tmp_path, secret):
    result = run_python("import django; django.setup()",
                        production_env(SECRET_KEY=secret), tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_embedded_default_is_sqlite_eager_celery_and_database_search(tmp_path):
    code = ("from django.conf import settings as s; import django; django.setup(); "
            "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['OPTIONS']"
            "['transaction_mode'], s.CELERY_TASK_ALWAYS_EAGER, s.ESSAIM_SEARCH_ENGINE, "
            "s.EMAIL_BACKEND.rsplit('.', 2)[-2])")
    result = run_python(code, {"DJANGO_SETTINGS_MODULE": "core.settings.dev"}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "IMMEDIATE", "True",
                                     "database", "filebased"]
    # The dev secret key is random, stored beside the database, never a fixed value.
    assert len((tmp_path / "secret_key").read_text()) >= 50


def test_services_come_from_the_environment(tmp_path):
    code = ("import django; django.setup(); from django.conf import settings as s; "
            "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, "
            "s.ESSAIM_SEARCH_ENGINE, s.STORAGES['default']['BACKEND'], s.EMAIL_BACKEND, "
            "s.CACHES['default']['BACKEND'])")
    env = production_env(DATABASE_URL="postgres://u:p@db.internal:5432/essaim",
                         CELERY_BROKER_URL="redis://cache.internal:6379/0",
                         ELASTICSEARCH_URL="http://search.internal:9200",
                         AWS_STORAGE_BUCKET_NAME="essaim-media", EMAIL_HOST="smtp.internal")
    result = run_python(code, env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql", "False", "elasticsearch",
        "storages.backends.s3.S3Storage", "django.core.mail.backends.smtp.EmailBackend",
        "django_redis.cache.RedisCache"]


def test_language_and_time_zone():
    assert settings.LANGUAGE_CODE == "fr"
    assert [code for code, _ in settings.LANGUAGES] == ["fr", "en"]
    assert settings.TIME_ZONE == "Europe/Paris"


@pytest.mark.skipif(not IN_CI, reason="only CI promises PostgreSQL")
def test_ci_runs_on_postgresql():
    assert connection.vendor == "postgresql"


def test_deploy_check_refuses_remote_fetching_outside_https_and_public_addresses(settings):
    from core.checks import check_remote_fetching

    settings.ESSAIM_REMOTE_ALLOW_HTTP = settings.ESSAIM_REMOTE_ALLOW_PRIVATE_ADDRESSES = False
    assert check_remote_fetching(None) == []
    settings.ESSAIM_REMOTE_ALLOW_HTTP = settings.ESSAIM_REMOTE_ALLOW_PRIVATE_ADDRESSES = True
    assert [e.id for e in check_remote_fetching(None)] == ["essaim.E003", "essaim.E004"]


HEADERS_PROBE = """
import sys, django
sys.path.insert(0, {folder!r})
django.setup()
from django.conf import settings
settings.ROOT_URLCONF = "probe_urls"
from django.test import Client
client = Client()
plain = client.get("/page", HTTP_HOST="essaim.example.org")
print("redirect", plain.status_code, plain["Location"])
page = client.get("/page", secure=True, HTTP_HOST="essaim.example.org")
for name in ("Strict-Transport-Security", "Content-Security-Policy", "X-Frame-Options",
             "Referrer-Policy", "Permissions-Policy", "X-Content-Type-Options",
             "Cross-Origin-Opener-Policy"):
    print(name, "=", page.get(name, "MISSING"))
print("cookies", settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE,
      settings.SESSION_COOKIE_HTTPONLY)
"""


def test_production_answers_with_its_security_headers(tmp_path):
    """The headers a production response carries, from the production settings themselves
    (a page with no database behind it, so the probe needs no service)."""
    (tmp_path / "probe_urls.py").write_text(
        "from django.http import HttpResponse\nfrom django.urls import path\n"
        "urlpatterns = [path('page', lambda request: HttpResponse('<p>ok</p>'))]\n")
    result = run_python(HEADERS_PROBE.format(folder=str(tmp_path)), production_env(),
                        tmp_path)
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" = ", 1) for line in result.stdout.splitlines() if " = " in line)
    assert "redirect 301 https://essaim.example.org/page" in result.stdout
    hsts = lines["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts
    csp = dict(directive.strip().split(" ", 1) for directive in
               lines["Content-Security-Policy"].split(";") if " " in directive.strip())
    assert csp["default-src"] == "'self'"
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert csp["frame-ancestors"] == "'none'" and csp["object-src"] == "'none'"
    assert lines["X-Frame-Options"] == "DENY"
    assert lines["Referrer-Policy"] == "same-origin"
    assert lines["X-Content-Type-Options"] == "nosniff"
    assert lines["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in lines["Permissions-Policy"]
    assert "cookies True True True" in result.stdout
