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
