"""Server time and SQL query count of the public pages, rendered and from the page cache.

Each page is measured twice in the same run: rendered (the page cache off, as
for a signed-in member or the first visitor after a change) and served from the
anonymous page cache (core/pagecache.py). Runs in-process with Django's test
client against the configured database (SQLite by default, PostgreSQL with
DATABASE_URL), on a throwaway database built like `essaim demo`. Prints a Markdown
table for docs/performance.md.

    .venv/bin/python bench/pages.py [--requests 200]
"""

import argparse
import os
import sys
import tempfile
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
from timing import measure  # noqa: E402  (bench/timing.py, beside this script)

PAGES = ["/", "/pratiques/", "/chartes/", "/formations/", "/visites/", "/recherche/?q=budget",
         "/healthz"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    from django.test import Client

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("demo", stdout=StringIO())
        from django.conf import settings

        client = Client()
        print(f"Database: {connection.vendor}; {args.requests} requests per page\n")
        print("| page | rendered p50 (ms) | p95 (ms) | SQL queries | cached p50 (ms) | p95 (ms) "
              "| SQL queries |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for url in PAGES:
            settings.ESSAIM_PAGE_CACHE_SECONDS = 0
            p50, p95, count = measure(client, url, args.requests)
            settings.ESSAIM_PAGE_CACHE_SECONDS = 600
            c50, c95, ccount = measure(client, url, args.requests)
            print(f"| `{url}` | {p50:.1f} | {p95:.1f} | {count} | {c50:.1f} | {c95:.1f} "
                  f"| {ccount} |")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
