"""Relevance of the search on both engines: precision@3 and nDCG@10 of the relevance suite.

    .venv/bin/python bench/relevance.py                              # database engine (SQLite)
    DATABASE_URL=postgres://… .venv/bin/python bench/relevance.py    # database engine (PostgreSQL)
    ELASTICSEARCH_URL=http://127.0.0.1:9200 .venv/bin/python bench/relevance.py

Builds the demo and the suite's own sheets (tests/search/relevance.py) in a
throwaway database (a SQLite file of its own without DATABASE_URL), indexes
them in the database engine and, with ELASTICSEARCH_URL, in indexes of the
prefix ``essaim-relevance`` (``--prefix``; dropped afterwards), then runs every query of the
suite on each engine. Prints the figures per engine and per kind of query,
and with ``--misses`` the queries whose expected sheets are not all in the top 3.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--misses", action="store_true", help="list the queries that miss")
    parser.add_argument("--prefix", default="essaim-relevance",
                        help="Elasticsearch index prefix (one of your own on a shared node)")
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL"):
        path = Path(tempfile.gettempdir()) / f"essaim-bench-{args.prefix}.sqlite3"
        path.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("ESSAIM_VAR_DIR", tempfile.mkdtemp(prefix="essaim-relevance-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings.test")
    url = os.environ.get("ELASTICSEARCH_URL", "")
    import django

    django.setup()
    import logging

    logging.getLogger("elastic_transport").setLevel(logging.WARNING)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from plugins.practice_library.models import PracticeLibraryPage
    from search import api
    from tests.search.relevance import create_corpus, index_everything, measure, misses, summary

    if connection.vendor == "postgresql":
        # A throwaway database: the benchmark never writes into the one it was given.
        from django.test.utils import setup_databases

        setup_databases(verbosity=0, interactive=False)
    else:
        call_command("migrate", verbosity=0)
    settings.ESSAIM_SEARCH_ENGINE, settings.ELASTICSEARCH_URL = "database", ""
    call_command("demo", stdout=StringIO())
    create_corpus(PracticeLibraryPage.objects.get())

    engines = [(f"database ({connection.vendor})", "database", "")]
    if url:
        engines.append(("elasticsearch", "elasticsearch", url))
    print(f"{len(measure_cases())} queries")
    for label, engine_name, engine_url in engines:
        settings.ESSAIM_SEARCH_ENGINE, settings.ELASTICSEARCH_URL = engine_name, engine_url
        settings.ESSAIM_SEARCH_INDEX_PREFIX = args.prefix
        elasticsearch = api.elasticsearch_engine() if engine_url else None
        if elasticsearch:
            elasticsearch.drop_all()
        slugs = index_everything(elasticsearch)
        measures = measure(lambda doc, query: api.search(doc, query, per_page=10), slugs)
        result = summary(measures)
        print(f"\n[{label}] precision@3 {result['precision@3']:.3f}   "
              f"nDCG@10 {result['ndcg@10']:.3f}")
        for kind, (precision, count) in result["by_kind"].items():
            print(f"[{label}]   {kind:<11} precision@3 {precision:.3f} ({count} queries)")
        if args.misses:
            for line in misses(measures):
                print(f"[{label}]   miss {line}")
        if elasticsearch:
            elasticsearch.drop_all()


def measure_cases():
    from tests.search.relevance import CASES

    return CASES


if __name__ == "__main__":
    main()
