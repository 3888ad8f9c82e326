"""French first: every user-facing string has a French translation."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP_DIRS = [ROOT / "core", ROOT / "search", *sorted((ROOT / "plugins").glob("[!_]*/"))]


def untranslated_entries(po_file):
    """msgids of a .po file that are untranslated or fuzzy (gettext's msgattrib)."""
    result = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", "--no-wrap", str(po_file)],
        capture_output=True, text=True, check=True)
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", "--no-obsolete", "--no-wrap", str(po_file)],
        capture_output=True, text=True, check=True)
    msgids = []
    for block in (result.stdout + "\n\n" + fuzzy.stdout).split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#")]
        if not lines or not lines[0].startswith("msgid "):
            continue
        text_lines = [lines[0][len("msgid "):]]
        for line in lines[1:]:
            if not line.startswith('"'):
                break
            text_lines.append(line)
        text = "".join(part.strip().strip('"') for part in text_lines)
        if text:  # the header has an empty msgid
            msgids.append(text)
    return msgids


@pytest.fixture(scope="module")
def fresh_catalogues(tmp_path_factory):
    """Extract the strings of today's code into a copy, as `makemessages` would."""
    if not shutil.which("msgattrib"):
        pytest.fail("GNU gettext is required (apt-get install gettext)")
    copy = tmp_path_factory.mktemp("i18n")
    for app_dir in APP_DIRS:
        shutil.copytree(app_dir, copy / app_dir.relative_to(ROOT),
                        ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    for app_dir in APP_DIRS:
        target = copy / app_dir.relative_to(ROOT)
        subprocess.run(
            [sys.executable, "-P", "-m", "django", "makemessages", "-l", "fr", "--no-obsolete",
             "--no-location", "--settings", "core.settings.test"],
            cwd=target, check=True, capture_output=True)
    return copy


@pytest.mark.parametrize("app_dir", APP_DIRS, ids=lambda p: p.name)
def test_every_string_has_a_french_translation(fresh_catalogues, app_dir):
    po_file = fresh_catalogues / app_dir.relative_to(ROOT) / "locale/fr/LC_MESSAGES/django.po"
    assert po_file.exists(), f"{app_dir.name} has no French catalogue (essaim makemessages -l fr)"
    missing = untranslated_entries(po_file)
    assert not missing, (f"{app_dir.name}: untranslated in French — run `essaim makemessages "
                         f"-l fr -l en` in {app_dir.relative_to(ROOT)} and translate:\n"
                         + "\n".join(missing))


@pytest.mark.parametrize("app_dir", APP_DIRS, ids=lambda p: p.name)
def test_compiled_catalogues_are_up_to_date(app_dir):
    for lang in ("fr", "en"):
        po = app_dir / f"locale/{lang}/LC_MESSAGES/django.po"
        mo = po.with_suffix(".mo")
        assert po.exists() and mo.exists(), f"missing {po} or its .mo"
        assert mo.stat().st_mtime >= po.stat().st_mtime - 1, f"{mo} is older than {po}"
