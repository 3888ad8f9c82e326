"""Practice library: server time and SQL query count of the index and a sheet page with
1 000 and 10 000 published sheets.

Runs in-process with Django's test client against the configured database (SQLite by
default, PostgreSQL with DATABASE_URL), on a throwaway database built like `essaim demo`
and then filled with generated sheets. Prints a Markdown table for docs/performance.md.

    .venv/bin/python bench/library.py [--sizes 1000 10000] [--requests 50]
"""

import argparse
import json
import os
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings.test")
os.environ.setdefault("ESSAIM_VAR_DIR", tempfile.mkdtemp(prefix="essaim-bench-"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from sheets import create_sheets  # noqa: E402  (bench/sheets.py, beside this script)
from timing import measure  # noqa: E402  (bench/timing.py, beside this script)


def grow(target):
    """Add generated live sheets until the library holds ``target`` of them."""
    from plugins.practice_library.models import PracticeSheetPage

    create_sheets(max(0, target - PracticeSheetPage.objects.count()))
    # Generated outside the publish workflow: index them as `essaim search reindex` does.
    from search.indexing import reindex
    from search.registry import get_documents

    reindex(get_documents()["practice_sheet"], restart=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--json", help="Also write the figures to this file.")
    args = parser.parse_args(argv)

    from django.test import Client

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("demo", stdout=StringIO())
        client = Client()
        sheet_url = "/pratiques/allonnes-budget-participatif/"
        pages = {"index": "/pratiques/", "text": "/pratiques/?q=budget",
                 "filters": "/pratiques/?mechanism=budget-participatif&size=gt-100000&tri=newest",
                 "page 5": "/pratiques/?page=5", "sheet": sheet_url}
        rows = []
        print(f"Database: {connection.vendor}; {args.requests} requests per page\n")
        print("| sheets | page | p50 (ms) | p95 (ms) | SQL queries |")
        print("|---:|---|---:|---:|---:|")
        for size in args.sizes:
            started = time.perf_counter()
            grow(size)
            print(f"<!-- {size} sheets generated in {time.perf_counter() - started:.0f} s -->",
                  file=sys.stderr)
            for name, url in pages.items():
                p50, p95, count = measure(client, url, args.requests)
                rows.append({"sheets": size, "page": name, "path": url, "p50": p50, "p95": p95,
                             "queries": count})
                print(f"| {size} | `{url}` | {p50:.1f} | {p95:.1f} | {count} |", flush=True)
        if args.json:
            Path(args.json).write_text(json.dumps({"database": connection.vendor,
                                                   "rows": rows}, indent=1))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
