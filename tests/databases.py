"""Migrated databases, made once per test run and copied where a test needs an empty one.

Migrating every app (about 240 migrations, Wagtail's and Django's among them) takes half a
minute of CPU, on SQLite as on PostgreSQL. Within one run it happens once per engine:

- SQLite: `essaim migrate` on the embedded default, in the run's folder; the embedded demo
  starts from a copy, and so do the test suites `essaim plugin new` writes.
- PostgreSQL: the first parallel worker to have migrated its test database keeps a copy
  of it as a template; the generated suites' test databases are ``CREATE DATABASE …
  TEMPLATE`` of it. (Workers still migrate their own: they do it at the same time, one
  per core, where waiting for one to copy it would not be quicker.)

The first process to need one makes it under a file lock while the others wait. The run's
controller drops the template when the run ends (``drop_run_template``).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

TEMPLATE_MARKER = "postgres-template"


def run_folder(tmp_path_factory) -> Path:
    """The run's temporary folder, shared by its parallel workers (each has its own below)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextmanager
def run_lock(tmp_path_factory, name):
    with open(run_folder(tmp_path_factory) / f"{name}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def sqlite_files(path: Path):
    """A SQLite database's file and the write-ahead log files beside it, when present."""
    return [p for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()]


def remove_orphaned_sqlite_logs():
    """This process's SQLite test database (a file, so that ``--reuse-db`` keeps it): when
    the database itself is gone — destroyed while a server thread still held it, or a run
    interrupted — the write-ahead log files left beside it are removed, so that a database
    made again under that name never starts from them. Called when the session starts,
    before pytest-django adds a parallel worker's suffix to the name (with ``-n``, each
    worker for its own database)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    name = database.get("TEST", {}).get("NAME")
    if database["ENGINE"] != "django.db.backends.sqlite3" or not name:
        return
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    path = Path(f"{name}_{worker}" if worker else name)  # pytest-django's suffix
    if not path.exists():
        for log in sqlite_files(path):
            log.unlink()


def migrate_again_unless_as_migrated():
    """With ``--reuse-db``: the kept test database is used as it is only when it holds what
    the migrations wrote and nothing committed since (Wagtail's root page, no account). A
    run that committed (the shared demo, the browser tests) or flushed it (transactional
    tests) leaves one that is made and migrated again."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from wagtail.models import Page

    if get_user_model().objects.exists() or not Page.objects.filter(depth=1).exists():
        # Made again under the name in use (not "test_" + it), with no connection open.
        connection.settings_dict.setdefault("TEST", {})["NAME"] = connection.settings_dict["NAME"]
        connection.close()
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)


def copy_sqlite(source: Path, target: Path) -> Path:
    for file in sqlite_files(source):
        shutil.copyfile(file, target.parent / file.name.replace(source.name, target.name))
    return target


def migrated_sqlite(tmp_path_factory) -> Path:
    """The embedded default's database, every migration applied and nothing else."""
    from tests.core.test_readme_commands import essaim

    var_dir = run_folder(tmp_path_factory) / "migrated-sqlite"
    database = var_dir / "essaim.sqlite3"
    with run_lock(tmp_path_factory, "migrated-sqlite"):
        if not (var_dir / "done").exists():
            shutil.rmtree(var_dir, ignore_errors=True)  # a build that failed half-way
            var_dir.mkdir()
            result = essaim(var_dir, "migrate", "--run-syncdb", "--verbosity", "0")
            assert result.returncode == 0, result.stdout + result.stderr
            (var_dir / "done").touch()
    return database


# --- PostgreSQL ---------------------------------------------------------------------


def postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def _maintenance(sql: str):
    """Run ``sql`` on the server's ``postgres`` database (CREATE and DROP DATABASE cannot
    run in the database they act on, nor in a transaction)."""
    import psycopg

    parts = urlsplit(postgres_url())
    with psycopg.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username,
                         password=parts.password, dbname="postgres", autocommit=True) as conn:
        conn.execute(sql)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def drop_database(name: str):
    _maintenance(f"DROP DATABASE IF EXISTS {_quoted(name)} WITH (FORCE)")


def _template_name() -> str:
    return f"{urlsplit(postgres_url()).path.strip('/')}_migrated"


def keep_as_template(tmp_path_factory):
    """Right after a worker's test database is migrated (before any test): a copy of it,
    as the run's template, unless another worker made it already. Takes a second, where
    migrating takes half a minute."""
    from django.db import connection, connections

    with run_lock(tmp_path_factory, "migrated-postgres"):
        marker = run_folder(tmp_path_factory) / TEMPLATE_MARKER
        if marker.exists():
            return
        name, source = _template_name(), connection.settings_dict["NAME"]
        connections.close_all()  # a template has no session open on it
        drop_database(name)  # left by a run that was killed
        _maintenance(f"CREATE DATABASE {_quoted(name)} TEMPLATE {_quoted(source)}")
        marker.write_text(name)


def migrated_postgres(tmp_path_factory) -> str:
    """The name of this run's template database: every migration applied, nothing else
    (migrated here if no worker kept its own test database as template)."""
    name = _template_name()
    marker = run_folder(tmp_path_factory) / TEMPLATE_MARKER
    with run_lock(tmp_path_factory, "migrated-postgres"):
        if not marker.exists():
            drop_database(name)
            _maintenance(f"CREATE DATABASE {_quoted(name)}")
            env = {**os.environ, "DJANGO_SETTINGS_MODULE": "core.settings.test",
                   "DATABASE_URL": urlsplit(postgres_url())._replace(path=f"/{name}").geturl()}
            result = subprocess.run(
                [sys.executable, "-m", "core.cli", "migrate", "--run-syncdb", "--verbosity", "0"],
                env=env, capture_output=True, text=True, check=False, timeout=600)
            assert result.returncode == 0, result.stdout + result.stderr
            marker.write_text(name)
    return name


def clone_postgres(template: str, name: str):
    """``name``, a fresh copy of ``template`` (replacing any database of that name)."""
    drop_database(name)
    _maintenance(f"CREATE DATABASE {_quoted(name)} TEMPLATE {_quoted(template)}")


def drop_run_template(folder: Path):
    """At the end of a run (its controller): drop the template the run made, if any."""
    marker = folder / TEMPLATE_MARKER
    if marker.exists() and postgres_url():
        drop_database(marker.read_text())
        marker.unlink()


# --- a generated plugin's own test suite -----------------------------------------------


@contextmanager
def migrated_test_database(env: dict, var_dir: Path, tmp_path_factory):
    """Give the pytest run ``env`` describes (a generated plugin's suite, on the database
    ``env`` names) its test database already migrated; yields the pytest options that
    keep it (``--reuse-db``), and drops it afterwards. Its own plugin's migrations are
    still applied by that run, on top."""
    url = env.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        name = "test_" + urlsplit(url).path.strip("/")  # pytest-django's name for it
        clone_postgres(migrated_postgres(tmp_path_factory), name)
        try:
            yield ["--reuse-db"]
        finally:
            drop_database(name)
    else:
        var_dir.mkdir(parents=True, exist_ok=True)
        copy_sqlite(migrated_sqlite(tmp_path_factory), var_dir / "test.sqlite3")
        yield ["--reuse-db"]
