"""Every `essaim` command the README lists, typed as a user would: in a subprocess, on the
embedded default (SQLite, database search, eager Celery) of a demo built by `essaim demo`.

A command added to the README's table without an invocation here fails the suite.
"""

import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.faults.services import free_port, wait_until

ROOT = Path(__file__).resolve().parents[2]
SERVICE_VARIABLES = ("DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL", "ELASTICSEARCH_URL",
                     "ESSAIM_BASE_URL", "EMAIL_HOST")


def readme_command_rows():
    text = (ROOT / "README.md").read_text()
    table = text.split("## The `essaim` command", 1)[1].split("\n## ", 1)[0]
    return [line.split("|")[1].strip() for line in table.splitlines()
            if line.startswith("| `essaim")]


def embedded_env(var_dir):
    env = {key: value for key, value in os.environ.items() if key not in SERVICE_VARIABLES}
    env.update(DJANGO_SETTINGS_MODULE="core.settings.dev", ESSAIM_VAR_DIR=str(var_dir),
               PYTHONPATH=str(ROOT))
    return env


def essaim(var_dir, *args, timeout=180):
    return subprocess.run([sys.executable, "-m", "core.cli", *args], cwd=var_dir,
                          env=embedded_env(var_dir), capture_output=True, text=True,
                          check=False, timeout=timeout)


@pytest.fixture(scope="module")
def demo(embedded_demo):
    """A fresh install after the README's first command (`essaim demo`, run once for the
    session and copied)."""
    var_dir, output = embedded_demo("essaim-var")
    assert "Admin account created" in output
    return var_dir


def run_ok(var_dir, *args):
    result = essaim(var_dir, *args)
    assert result.returncode == 0, f"essaim {' '.join(args)}:\n{result.stdout}{result.stderr}"
    return result


def plugins(var_dir):
    assert "practice_library" in run_ok(var_dir, "plugins").stdout


def plugin_new(var_dir):
    run_ok(var_dir, "plugin", "new", "budget_vote", "--directory", str(var_dir))
    assert (var_dir / "essaim-budget-vote" / "pyproject.toml").exists()


def practices_import_export(var_dir):
    exported = var_dir / "fiches.json"
    run_ok(var_dir, "practices", "export", "--format", "json", "--output", str(exported))
    assert '"external_id"' in exported.read_text()
    dry = run_ok(var_dir, "practices", "import", str(exported), "--dry-run", "--no-progress")
    assert "nothing written" in dry.stdout
    again = run_ok(var_dir, "practices", "import", str(exported), "--no-progress")
    assert "0 updated" in again.stdout
    csv_file = var_dir / "fiches.csv"
    run_ok(var_dir, "practices", "export", "--output", str(csv_file))
    assert csv_file.read_text().startswith("external_id,")


def search_reindex_check(var_dir):
    reindexed = run_ok(var_dir, "search", "reindex")
    assert re.search(r"practice_sheet: \d+ indexed", reindexed.stdout)
    checked = run_ok(var_dir, "search", "check")
    assert "practice_sheet [database]: 0 missing, 0 extra, 0 stale" in checked.stdout


def outbox(var_dir):
    assert "0 waiting" in run_ok(var_dir, "outbox", "status").stdout
    assert "delivered." in run_ok(var_dir, "outbox", "flush").stdout
    assert "to be tried again." in run_ok(var_dir, "outbox", "retry").stdout


def federation(var_dir):
    """The commands on a site that follows nobody yet; following a real second instance
    is tested in tests/practice_library/federation."""
    assert "No site is followed." in run_ok(var_dir, "federation", "list").stdout
    run_ok(var_dir, "federation", "sync")
    refused = essaim(var_dir, "federation", "subscribe", "http://127.0.0.1:1/federation/")
    assert refused.returncode == 1 and "connection refused" in refused.stderr
    missing = essaim(var_dir, "federation", "unsubscribe", "http://127.0.0.1:1/federation/")
    assert missing.returncode == 1 and "is not followed" in missing.stderr


def territories(var_dir):
    """Loading again changes nothing; updating reads an unpacked package (a tiny one here:
    downloading the real one with npm is left to the maintainers' release routine)."""
    import json

    loaded = run_ok(var_dir, "territories", "load")
    assert "0 created, 0 updated, 0 lookup keys written." in loaded.stdout
    data = var_dir / "decoupage" / "data"
    data.mkdir(parents=True)
    for name, rows in {
        "regions": [{"code": "24", "nom": "Centre-Val de Loire"}],
        "departements": [{"code": "37", "region": "24", "nom": "Indre-et-Loire"}],
        "communes": [{"code": "37261", "nom": "Tours", "type": "commune-actuelle",
                      "departement": "37", "region": "24", "population": 139259,
                      "codesPostaux": ["37000", "37100", "37200"]}],
        "epci": [],
    }.items():
        (data / f"{name}.json").write_text(json.dumps(rows))
    extract = var_dir / "territories.csv.gz"
    updated = run_ok(var_dir, "territories", "update", "--from", str(data.parent),
                     "--extract", str(extract))
    assert "1 national, 1 region, 1 departement, 1 commune." in updated.stdout
    assert extract.exists()


def django_commands(var_dir):
    run_ok(var_dir, "migrate")
    assert "no issues" in run_ok(var_dir, "check").stdout


INVOCATIONS = {
    "`essaim demo`": lambda var_dir: run_ok(var_dir, "demo"),
    "`essaim plugins`": plugins,
    "`essaim plugin new NAME [--with-signups]`": plugin_new,
    "`essaim practices import FILE` / `export`": practices_import_export,
    "`essaim search reindex` / `check`": search_reindex_check,
    "`essaim outbox status` / `flush` / `retry`": outbox,
    "`essaim federation subscribe URL` / `list` / `sync [URL]` / `unsubscribe URL`":
        federation,
    "`essaim territories load` / `update [--from DIR] [--load]`": territories,
    "`essaim <command>`": django_commands,
    # `essaim run` is served and followed below.
    "`essaim run [ADDR:PORT]`": None,
}


def test_every_readme_command_has_an_invocation_here():
    assert readme_command_rows() == list(dict.fromkeys(readme_command_rows()))
    assert set(readme_command_rows()) == set(INVOCATIONS)


@pytest.mark.parametrize("row", [row for row, run in INVOCATIONS.items() if run])
def test_readme_command_exits_0(demo, row):
    INVOCATIONS[row](demo)


def test_run_serves_the_site_and_emailed_links_point_to_it(demo):
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "core.cli", "run", f"127.0.0.1:{port}"],
                              cwd=demo, env=embedded_env(demo), stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    cookies = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
    try:
        def answers():
            try:
                return opener.open(base + "/healthz", timeout=2).status == 200
            except OSError:
                return False

        wait_until(answers, 60, interval=0.3, message="essaim run to serve")
        visits = opener.open(base + "/visites/", timeout=10).read().decode()
        sign_up_path = re.search(r'href="(/visites/creneaux/\d+/inscription/)"', visits)[1]
        form = opener.open(base + sign_up_path, timeout=10).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
        data = {"csrfmiddlewaretoken": token, "name": "Camille Durand", "party_size": "1",
                "email": "camille.run@example.org", "consent": "on", "minors": "0"}
        request = urllib.request.Request(base + sign_up_path, method="POST",
                                         data=urllib.parse.urlencode(data).encode(),
                                         headers={"Referer": base + sign_up_path})
        assert opener.open(request, timeout=10).status == 200  # redirected to the visit
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(20)
    mails = [p.read_text() for p in (demo / "mail").iterdir()]
    (mail,) = [m for m in mails if "camille.run@example.org" in m]
    links = re.findall(r"https?://[^\s]+", mail)
    assert links and all(link.startswith(base + "/") for link in links), links
