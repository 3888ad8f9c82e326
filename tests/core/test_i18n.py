"""French first: every user-facing string has a French translation."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP_DIRS = [ROOT / "core", ROOT / "search", *sorted((ROOT / "plugins").glob("[!_]*/")),
            *sorted(locale.parent for locale in (ROOT / "examples").glob("*/*/locale"))]


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


EXTRACT = """
import os, sys
import django
from django.core.management import call_command

django.setup()
for folder in sys.argv[1:]:
    os.chdir(folder)
    call_command("makemessages", locale=["fr"], no_obsolete=True, no_location=True,
                 verbosity=0)
"""


@pytest.fixture(scope="module")
def fresh_catalogues(tmp_path_factory):
    """Extract the strings of today's code into a copy, as `makemessages` would."""
    if not shutil.which("msgattrib"):
        pytest.fail("GNU gettext is required (apt-get install gettext)")
    copy = tmp_path_factory.mktemp("i18n")
    for app_dir in APP_DIRS:
        shutil.copytree(app_dir, copy / app_dir.relative_to(ROOT),
                        ignore=shutil.ignore_patterns("__pycache__", "*.mo"))

    # One Django start-up for every app: `makemessages` run in each copy in turn.
    subprocess.run(
        [sys.executable, "-P", "-c", EXTRACT, *(str(copy / app_dir.relative_to(ROOT))
                                               for app_dir in APP_DIRS)],
        check=True, capture_output=True, env={**os.environ,
                                              "DJANGO_SETTINGS_MODULE": "core.settings.test"})
    return copy


@pytest.mark.parametrize("app_dir", APP_DIRS, ids=lambda p: p.name)
def test_every_string_has_a_french_translation(fresh_catalogues, app_dir):
    copy = fresh_catalogues / app_dir.relative_to(ROOT)
    po_files = sorted(copy.rglob("locale/fr/LC_MESSAGES/django.po"))
    assert po_files, f"{app_dir.name} has no French catalogue (essaim makemessages -l fr)"
    for po_file in po_files:
        missing = untranslated_entries(po_file)
        where = po_file.parent.parent.parent.parent.relative_to(fresh_catalogues)
        assert not missing, (f"{where}: untranslated in French — run `essaim makemessages "
                             f"-l fr -l en` in {where} and translate:\n" + "\n".join(missing))


@pytest.mark.parametrize("app_dir", APP_DIRS, ids=lambda p: p.name)
def test_compiled_catalogues_match_their_sources(app_dir, tmp_path):
    """A stale .mo would show old translations: it must be what msgfmt makes of the .po."""
    import gettext

    for lang in ("fr", "en"):
        for po in app_dir.rglob(f"locale/{lang}/LC_MESSAGES/django.po"):
            mo = po.with_suffix(".mo")
            assert mo.exists(), f"{po} is not compiled (essaim compilemessages)"
            fresh = tmp_path / "fresh.mo"
            subprocess.run(["msgfmt", "-o", str(fresh), str(po)], check=True)
            with mo.open("rb") as committed, fresh.open("rb") as expected:
                assert (gettext.GNUTranslations(committed)._catalog
                        == gettext.GNUTranslations(expected)._catalog), \
                    f"{mo} is out of date: run `essaim compilemessages`"
