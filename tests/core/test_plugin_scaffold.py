"""`essaim plugin new NAME` writes a plugin package whose own tests pass."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core.plugin_manager import ENTRY_POINT_GROUP
from tests.databases import migrated_test_database


def new_plugin(name, directory, *options):
    out = StringIO()
    call_command("plugin", "new", name, "--directory", str(directory), *options, stdout=out)
    return out.getvalue()


def test_writes_a_pip_installable_package(tmp_path):
    output = new_plugin("budget_vote", tmp_path)

    root = tmp_path / "essaim-budget-vote"
    assert f"Created {root}" in output
    files = {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}
    assert files == {
        "pyproject.toml",
        "README.md",
        "essaim_budget_vote/__init__.py",
        "essaim_budget_vote/apps.py",
        "essaim_budget_vote/models.py",
        "essaim_budget_vote/plugin.py",
        "essaim_budget_vote/templates/budget_vote/home_section.html",
        "tests/test_plugin.py",
    }
    pyproject = (root / "pyproject.toml").read_text()
    assert 'name = "essaim-budget-vote"' in pyproject
    assert f'[project.entry-points."{ENTRY_POINT_GROUP}"]\nbudget_vote = ' \
           '"essaim_budget_vote.plugin"' in pyproject
    assert 'label = "budget_vote"' in (root / "essaim_budget_vote/apps.py").read_text()
    assert 'ESSAIM_REQUIRES = ">=0.1,<1"' in (root / "essaim_budget_vote/plugin.py").read_text()


def installed(root, name, site):
    """``root``'s package as pip would install it, seen through its entry point: the
    distribution's metadata in ``site``, the package on the path."""
    package, distribution = f"essaim_{name}", f"essaim-{name.replace('_', '-')}"
    info = site / f"{package}-0.1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {distribution}\nVersion: 0.1.0\n")
    (info / "entry_points.txt").write_text(
        f"[{ENTRY_POINT_GROUP}]\n{name} = {package}.plugin\n")
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), str(site)])}


def own_database(env, name):
    """``env`` with a PostgreSQL database of its own, when it names one: this session's test
    database is in use (one per parallel worker, as pytest-django names them)."""
    if "DATABASE_URL" in env:
        url = urlsplit(env["DATABASE_URL"])
        worker = os.environ.get("PYTEST_XDIST_WORKER")
        path = url.path + f"_{name}" + (f"_{worker}" if worker else "")
        env["DATABASE_URL"] = urlunsplit(url._replace(path=path))
    return env


def run_generated_tests(root, env, tmp_path_factory):
    """The generated suite, as `pytest` in its folder runs it; its test database starts
    migrated (copied from this run's, tests/databases.py), the plugin's own migrations
    are applied by that run."""
    env.setdefault("ESSAIM_VAR_DIR", str(root / "var"))
    with migrated_test_database(env, Path(env["ESSAIM_VAR_DIR"]), tmp_path_factory) as options:
        return subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *options,
             str(root / "tests")],
            env=env, cwd=root, capture_output=True, text=True, timeout=300,
        )


def test_generated_tests_pass_on_their_own(tmp_path, tmp_path_factory):
    new_plugin("budget_vote", tmp_path)
    root = tmp_path / "essaim-budget-vote"

    env = own_database({**os.environ, "PYTHONPATH": str(root)}, "own")
    result = run_generated_tests(root, env, tmp_path_factory)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 passed" in result.stdout


def test_with_signups_writes_an_event_page_and_the_kit_s_files(tmp_path):
    output = new_plugin("fete_des_voisins", tmp_path, "--with-signups")
    root = tmp_path / "essaim-fete-des-voisins"
    package = root / "essaim_fete_des_voisins"
    assert "essaim migrate && essaim demo" in output
    files = {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}
    assert {"essaim_fete_des_voisins/migrations/0001_initial.py",
            "essaim_fete_des_voisins/templates/fete_des_voisins/event_page.html",
            "tests/test_signups.py", "tests/conftest.py"} <= files
    assert "essaim_fete_des_voisins/templates/fete_des_voisins/home_section.html" not in files
    plugin = (package / "plugin.py").read_text()
    assert 'kit.sign_up_urls(EVENT, "fete-des-voisins")' in plugin
    assert "class EventPage(BookablePage):" in (package / "models.py").read_text()


@pytest.mark.parametrize("database", ["sqlite",
                                      pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_generated_signups_tests_pass_installed(tmp_path, tmp_path_factory, database):
    """The generated plugin, installed, passes its own tests (its migration, sign-up,
    waiting list, calendar, home page) on SQLite and on PostgreSQL."""
    new_plugin("fete_des_voisins", tmp_path, "--with-signups")
    root = tmp_path / "essaim-fete-des-voisins"
    env = installed(root, "fete_des_voisins", tmp_path / "site")
    env["ESSAIM_VAR_DIR"] = str(tmp_path / "var")
    if database == "sqlite":
        env.pop("DATABASE_URL", None)
    else:
        own_database(env, "scaffold")
    result = run_generated_tests(root, env, tmp_path_factory)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "6 passed" in result.stdout


@pytest.mark.parametrize("name", ["Budget", "budget-vote", "2vote", "_vote", "vote_",
                                  "budget__vote", "class", "budget vote", ""])
def test_rejects_invalid_names(tmp_path, name):
    with pytest.raises(CommandError, match="Invalid plugin name"):
        new_plugin(name, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_rejects_the_name_of_an_installed_plugin(tmp_path):
    with pytest.raises(CommandError, match="'visits' is already installed"):
        new_plugin("visits", tmp_path)


def test_refuses_to_overwrite_an_existing_directory(tmp_path):
    existing = tmp_path / "essaim-budget-vote"
    existing.mkdir()
    (existing / "keep.txt").write_text("mine")

    with pytest.raises(CommandError, match="already exists"):
        new_plugin("budget_vote", tmp_path)
    assert [path.name for path in existing.iterdir()] == ["keep.txt"]


def test_requires_an_existing_target_directory(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        new_plugin("budget_vote", tmp_path / "missing")


def test_requires_a_subcommand():
    with pytest.raises(CommandError, match="SUBCOMMAND"):
        call_command("plugin")
