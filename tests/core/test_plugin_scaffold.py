"""`essaim plugin new NAME` writes a plugin package whose own tests pass."""

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core.plugin_manager import ENTRY_POINT_GROUP


def new_plugin(name, directory):
    out = StringIO()
    call_command("plugin", "new", name, "--directory", str(directory), stdout=out)
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


def test_generated_tests_pass_on_their_own(tmp_path):
    new_plugin("budget_vote", tmp_path)
    root = tmp_path / "essaim-budget-vote"

    env = {**os.environ, "PYTHONPATH": str(root)}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(root / "tests")],
        env=env, cwd=root, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 passed" in result.stdout


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
