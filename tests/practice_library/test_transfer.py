"""`essaim practices import/export`: all or nothing, idempotent, errors with line numbers."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from plugins.practice_library import transfer
from plugins.practice_library.models import PracticeSheetPage

HEADER = ("external_id,title,territory,key_point_1,key_point_2,key_point_3,challenges,"
          "mechanisms,recruitment,start_date,adapted_from\n")


def row(external_id, title="Une pratique", territory="29001", challenges="confiance",
        mechanisms="budget-participatif|Conseil des jeunes", adapted=""):
    return (f"{external_id},{title},{territory},Point un,Point deux,Point trois,{challenges},"
            f"{mechanisms},volunteers,2024-02-01,{adapted}\n")


def write(tmp_path, text, name="fiches.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return str(path)


def run_import(path):
    out, err = io.StringIO(), io.StringIO()
    call_command("practices", "import", path, "--no-progress", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_creates_publishes_and_is_idempotent(tmp_path, library, territories):
    path = write(tmp_path, HEADER + row("ext-1", adapted="ext-2")
                 + row("ext-2", "Pratique originale", territory="29002"))

    out, _ = run_import(path)
    assert "2 created" in out
    first = PracticeSheetPage.objects.get(external_id="ext-1")
    assert first.live and first.adapted_from.external_id == "ext-2"
    assert sorted(first.mechanism_slugs) == ["budget-participatif", "conseil-des-jeunes"]

    out, _ = run_import(path)
    assert "0 created, 0 updated, 2 unchanged" in out
    assert PracticeSheetPage.objects.count() == 2

    out, _ = run_import(write(tmp_path, HEADER + row("ext-1", "Titre corrigé", adapted="ext-2")
                              + row("ext-2", "Pratique originale", territory="29002")))
    assert "1 updated" in out
    assert PracticeSheetPage.objects.get(external_id="ext-1").title == "Titre corrigé"


def test_json_import(tmp_path, library, territories):
    data = [{"external_id": "j-1", "title": "Depuis JSON", "territory": "29003",
             "key_point_1": "a", "key_point_2": "b", "key_point_3": "c",
             "challenges": ["confiance"], "contact_consent": False, "total_cost": 1200}]
    out, _ = run_import(write(tmp_path, json.dumps(data), "fiches.json"))

    assert "1 created" in out
    assert PracticeSheetPage.objects.get(external_id="j-1").total_cost == 1200


@pytest.mark.parametrize(("content", "expected"), [
    ((HEADER + row("e-1", "Crème brûlée")).encode("latin-1"), "line 2: "),
    ("external_id,title,territory\ne-1,Titre,29001\n", "line 1: missing column(s): "
                                                        "key_point_1"),
    (HEADER + row("e-1") + row("e-2", challenges="inconnu"),
     "line 3: unknown value “inconnu” in “challenges”"),
    (HEADER + row("e-1") + row("e-1"), "line 3: duplicate external_id “e-1”"),
    (HEADER + row("e-1", territory="00000"), "line 2: unknown territory “00000”"),
    (HEADER + row("e-1", adapted="nowhere"), "line 2: “adapted_from” names an unknown"),
])
def test_errors_name_the_line_and_nothing_is_written(tmp_path, library, territories,
                                                     settings, content, expected):
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"), pytest.raises(CommandError):
        call_command("practices", "import", write(tmp_path, content), "--no-progress",
                     stdout=io.StringIO(), stderr=(err := io.StringIO()))

    assert expected in err.getvalue()
    assert not PracticeSheetPage.objects.exists()


def test_a_ten_megabyte_file_is_refused(tmp_path, library, territories):
    assert transfer.MAX_IMPORT_BYTES < 10 * 1024 * 1024
    big = HEADER + row("e-0") * 1 + ("x" * 1023 + "\n") * (10 * 1024 + 10)
    assert len(big.encode()) > 10 * 1024 * 1024
    with pytest.raises(CommandError):
        call_command("practices", "import", write(tmp_path, big), "--no-progress",
                     stdout=io.StringIO(), stderr=(err := io.StringIO()))

    assert "too large" in err.getvalue() or "trop volumineux" in err.getvalue()
    assert not PracticeSheetPage.objects.exists()


def test_export_neutralises_formula_cells_and_round_trips(tmp_path, make_sheet):
    make_sheet("=HYPERLINK(\"http://evil\")", staff_time="+1 ETP", programme="@SUM(A1)")
    out = io.StringIO()
    call_command("practices", "export", "--format", "csv", stdout=out)

    (exported,) = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert exported["title"].startswith("'=")
    assert exported["staff_time"] == "'+1 ETP"
    assert exported["programme"] == "'@SUM(A1)"

    out = io.StringIO()
    call_command("practices", "export", "--format", "json", stdout=out)
    (item,) = json.loads(out.getvalue())
    assert item["title"] == "=HYPERLINK(\"http://evil\")"  # JSON is data, not a spreadsheet


# --- hostile and imperfect files: a report, never a traceback, nothing half-written ---


def import_errors(tmp_path, content, name="fiches.csv", *options):
    from django.utils import translation

    err = io.StringIO()
    with translation.override("en"), pytest.raises(CommandError):
        call_command("practices", "import", write(tmp_path, content, name), "--no-progress",
                     *options, stdout=io.StringIO(), stderr=err)
    assert not PracticeSheetPage.objects.exists()
    return err.getvalue()


def test_deeply_nested_json_is_refused_with_a_message(tmp_path, library, territories):
    errors = import_errors(tmp_path, "[" * 100_000 + "]" * 100_000, "fiches.json")
    assert "nested too deeply" in errors


def test_a_csv_cell_over_the_limit_is_reported_with_its_line(tmp_path, library, territories):
    errors = import_errors(tmp_path, HEADER + row("e-1") + row("e-2", title="x" * 140_000))
    assert "line 3: unreadable row" in errors


def test_a_sheet_adapted_from_itself_is_refused(tmp_path, library, territories):
    errors = import_errors(tmp_path, HEADER + row("e-1", adapted="e-1"))
    assert "line 2: “adapted_from” names the sheet itself." in errors


def test_json_errors_name_the_entry_and_its_external_id(tmp_path, library, territories):
    data = [{"external_id": "ok-1", "title": "Bien", "territory": "29001",
             "key_point_1": "a", "key_point_2": "b", "key_point_3": "c"},
            {"external_id": "bad-2", "title": "Mal", "territory": "29001",
             "key_point_1": "a", "key_point_2": "b", "key_point_3": "c",
             "recruitment": "tirage", "challenges": [{"nested": True}]}]
    errors = import_errors(tmp_path, json.dumps(data), "fiches.json")
    assert "entry 2 (external_id “bad-2”): “challenges” must be a list of text values." in errors
    assert "ok-1" not in errors


def test_every_error_of_a_row_comes_in_one_pass_and_choices_are_listed(
        tmp_path, library, territories):
    bad = ("e-1,Titre,00000,a,b,c,inconnu,budget-participatif,tirage,01/02/2024,\n")
    errors = import_errors(tmp_path, HEADER + bad).splitlines()
    assert "line 2: unknown territory “00000” (give its INSEE code)." in errors
    assert any(e.startswith("line 2: unknown value “inconnu” in “challenges” (known: ")
               and "confiance" in e for e in errors)
    assert ("line 2: “tirage” is not allowed in “recruitment”; choose one of: volunteers, lot, "
            "mixed.") in errors
    assert "line 2: “start_date” must be a date written YYYY-MM-DD." in errors


def test_dry_run_reports_and_writes_nothing(tmp_path, library, territories):
    path = write(tmp_path, HEADER + row("ext-1") + row("ext-2"))
    out = io.StringIO()
    call_command("practices", "import", path, "--dry-run", "--no-progress", stdout=out,
                 stderr=io.StringIO())
    assert "Dry run, nothing written: would be 2 created, 0 updated, 0 unchanged." in \
        out.getvalue()
    assert not PracticeSheetPage.objects.exists()


def test_draft_import_leaves_new_sheets_unpublished(client, tmp_path, library, territories):
    call_command("practices", "import", write(tmp_path, HEADER + row("ext-1")), "--draft",
                 "--no-progress", stdout=io.StringIO(), stderr=io.StringIO())
    sheet = PracticeSheetPage.objects.get(external_id="ext-1")
    assert not sheet.live
    assert client.get(sheet.url or f"/pratiques/{sheet.slug}/").status_code == 404


def test_markup_in_rich_text_cells_is_sanitised_and_control_characters_removed(
        tmp_path, library, territories):
    columns = HEADER.strip() + ",context\n"
    hostile = ('"<p onclick=""steal()"">Contexte<script>alert(1)</script>'
               '<a href=""javascript:alert(2)"">lien</a><img src=x onerror=alert(3)></p>"')
    line = row("ext-1", title="Titre\x0bpiégé").strip() + "," + hostile + "\n"
    call_command("practices", "import", write(tmp_path, columns + line), "--no-progress",
                 stdout=io.StringIO(), stderr=io.StringIO())
    sheet = PracticeSheetPage.objects.get(external_id="ext-1")
    assert sheet.title == "Titrepiégé"
    assert sheet.context == "<p>Contexte<a>lien</a></p>"
