"""Server time and SQL query count of the public pages, in-process, three ways.

Each page is measured in the same run:

- **member**: a signed-in member (the page cache bypassed; the shared fragments —
  menu, brand, footer, home sections — from the cache, as for any visitor);
- **after a booking**: the first anonymous visitor after the most frequent write, a
  sign-up (the page and every fragment rendered again; what is derived from the other
  apps' data only, such as the library's facet counts, kept: ``pagecache.remember``);
- **after a page change**: the first anonymous visitor after a write to every app (a
  page published: nothing kept); the generations are bumped before each request;
- **cached**: an anonymous visitor served from the page cache.

On a throwaway database built like `essaim demo` (SQLite by default, PostgreSQL with
DATABASE_URL), then grown to ``--sheets`` published practice sheets; the query counts
are taken at both sizes, to show they do not grow with the data. The cache is the
process's memory (Redis in production adds a round trip per fragment).

    .venv/bin/python bench/pages.py [--sheets 10000] [--requests 50] [--json out.json]
"""

import argparse
import json
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

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from timing import measure  # noqa: E402  (bench/timing.py, beside this script)

MODES = ("member", "after a booking", "after a page change", "cached")


def public_pages():
    from plugins.charters.models import CharterPage
    from plugins.practice_library.models import PracticeSheetPage

    return {
        "home": "/",
        "library": "/pratiques/",
        "library, filtered": "/pratiques/?mechanism=budget-participatif&tri=newest",
        "sheet": PracticeSheetPage.objects.live().order_by("pk").first().url,
        "visits": "/visites/",
        "trainings": "/formations/",
        "charters": "/chartes/",
        "charter": CharterPage.objects.live().order_by("pk").first().url,
        "search": "/recherche/?q=budget",
    }


def run(sheets=0, requests=50):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from core import pagecache

    setup_test_environment()
    settings.ESSAIM_PAGE_CACHE_SECONDS = 600
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True,
                                                   serialize=False)
    try:
        call_command("demo", stdout=StringIO())
        pages = public_pages()
        member = Client()
        member.force_login(get_user_model().objects.create_user(
            "banc", "banc@example.org", "banc-d-essai-2026"))
        from django.apps import apps

        every_app = [config.label for config in apps.get_app_configs()]
        clients = {"member": (member, None),
                   "after a booking": (Client(), lambda: pagecache.invalidate("bookings")),
                   "after a page change": (Client(), lambda: pagecache.invalidate(*every_app)),
                   "cached": (Client(), None)}

        def counts():
            return {name: {mode: measure(client, url, 1, before)[2]
                           for mode, (client, before) in clients.items()}
                    for name, url in pages.items()}

        small = counts()
        demo_sheets = _sheet_count()
        if sheets > demo_sheets:
            from library import grow  # bench/library.py

            grow(sheets)
        results = {"database": connection.vendor, "sheets": _sheet_count(),
                   "demo sheets": demo_sheets, "requests": requests, "pages": {}}
        for name, url in pages.items():
            row = results["pages"][name] = {"path": url}
            for mode, (client, before) in clients.items():
                p50, p95, queries = measure(client, url, requests, before)
                row[mode] = {"p50": p50, "p95": p95, "queries": queries,
                             "queries at demo size": small[name][mode]}
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return results


def _sheet_count():
    from plugins.practice_library.models import PracticeSheetPage

    return PracticeSheetPage.objects.live().count()


def table(results):
    lines = [f"{results['sheets']} published sheets, {results['database']}, "
             f"{results['requests']} requests per page and way; SQL queries at "
             f"{results['sheets']} sheets (and with the demo's {results['demo sheets']})\n",
             "| page | " + " | ".join(f"{mode} p50 / p95 (ms) | SQL" for mode in MODES) + " |",
             "|---|" + "---:|---:|" * len(MODES)]
    for name, row in results["pages"].items():
        cells = []
        for mode in MODES:
            m = row.get(mode)
            if m is None:  # figures of an earlier version of this benchmark
                cells += ["", ""]
                continue
            same = "" if m["queries"] == m["queries at demo size"] else \
                f" ({m['queries at demo size']})"
            cells += [f"{m['p50']:.1f} / {m['p95']:.1f}", f"{m['queries']}{same}"]
        lines.append(f"| {name} `{row['path']}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=0,
                        help="Grow the library to this many published sheets.")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--json", help="Also write the figures to this file.")
    args = parser.parse_args(argv)
    results = run(args.sheets, args.requests)
    print(table(results))
    if args.json:
        Path(args.json).write_text(json.dumps(dict(results, table=table(results)), indent=1))


if __name__ == "__main__":
    main()
