"""Reindexing: time of `essaim search reindex` over N published practice sheets.

    .venv/bin/python bench/reindex.py --n 10000                    # database engine (SQLite)
    DATABASE_URL=postgres://… .venv/bin/python bench/reindex.py --n 100000
    DATABASE_URL=postgres://… ELASTICSEARCH_URL=http://127.0.0.1:9200 \\
        .venv/bin/python bench/reindex.py --n 100000 --engine elasticsearch --prefix my-bench

Builds a throwaway database like `essaim demo`, adds generated live sheets with bulk
inserts (bench/sheets.py), then runs `search reindex practice_sheet --restart` and
prints its rate, its total time and the SQL queries of each batch (constant per batch).
``--profile FILE`` writes a cProfile of the reindex and prints its top functions.

From Python: ``run(n, engine=..., ...)`` returns the numbers as a dict; ``main(argv)``
is the command line.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def _setup(engine: str, url: str, prefix: str) -> None:
    if not os.environ.get("DATABASE_URL"):
        path = Path(tempfile.gettempdir()) / f"essaim-bench-reindex-{prefix}.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings.test")
    os.environ.setdefault("ESSAIM_VAR_DIR", tempfile.mkdtemp(prefix="essaim-bench-"))
    import django

    django.setup()
    import logging

    logging.getLogger("elastic_transport").setLevel(logging.WARNING)
    from django.conf import settings

    settings.ESSAIM_SEARCH_ENGINE = engine
    settings.ELASTICSEARCH_URL = url if engine == "elasticsearch" else ""
    settings.ESSAIM_SEARCH_INDEX_PREFIX = prefix
    # Production behaviour: Elasticsearch refreshes on its own, not after every write.
    settings.ESSAIM_SEARCH_REFRESH_ON_WRITE = False


class _Progress(io.StringIO):
    """The command's output; each progress line (one per batch, written by the thread
    that wrote the batch) notes that thread's query count."""

    def __init__(self, counts):
        super().__init__()
        self.counts = counts
        self.marks: list[tuple[int, int]] = []  # (done, the writing thread's queries)

    def write(self, text):
        if text.startswith("\r") and threading.current_thread() is not threading.main_thread():
            done = int(text.rsplit(" ", 1)[-1].split("/")[0])
            self.marks.append((done, self.counts[threading.get_ident()]))
        return super().write(text)


def _deltas(marks, batch_size):
    """The queries between consecutive marks [(done, count)]: all, and those of full
    batches."""
    steps = list(zip([(0, 0), *marks], marks, strict=False))
    every = [after - before for (_d, before), (_d2, after) in steps]
    full = [after - before for (d0, before), (d1, after) in steps if d1 - d0 == batch_size]
    return every, full


def run(n: int, engine: str = "database", batch_size: int = 2000, url: str = "",
        prefix: str = "essaim-bench-reindex", profile: str | None = None,
        verbose: bool = True) -> dict:
    """Reindex ``n`` generated practice sheets on ``engine`` ("database" or
    "elasticsearch" at ``url``); returns the numbers of the run."""
    _setup(engine, url, prefix)
    from django.core.management import call_command
    from django.db import connection
    from django.db.backends.signals import connection_created
    from django.test.utils import setup_test_environment
    from sheets import create_sheets

    say = print if verbose else (lambda *a, **k: None)
    setup_test_environment()
    test_settings = connection.settings_dict.setdefault("TEST", {})
    test_settings["NAME"] = f"{prefix.replace('-', '_')}_{connection.settings_dict['NAME']}"[:60] \
        if connection.vendor != "sqlite" else None
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("demo", stdout=io.StringIO())
        started = time.perf_counter()
        sheets = create_sheets(n - _sheet_count())
        created = time.perf_counter() - started
        say(f"{sheets} sheets ({connection.vendor}, {engine} engine); "
            f"generated in {created:.1f} s")
        counts = Counter()  # queries by thread
        main = threading.get_ident()

        def count(execute, sql, params, many, context):
            counts[threading.get_ident()] += 1
            return execute(sql, params, many, context)

        output = _Progress(counts)
        profiler = cProfile.Profile() if profile else None

        # The reindex writes each batch from a thread of its own (its progress line is
        # written there): that connection is counted too. The reading queries of each
        # batch are those of the main thread while indexing.batches yields it.
        def count_new(sender, connection, **kwargs):
            connection.execute_wrappers.append(count)

        from search import indexing

        reads: list[tuple[int, int]] = []
        read_batches = indexing.batches

        def batches(*args, **kwargs):
            done = 0
            for batch, last in read_batches(*args, **kwargs):
                done += len(batch)
                reads.append((done, counts[main]))
                yield batch, last

        connection_created.connect(count_new)
        indexing.batches = batches
        try:
            with connection.execute_wrapper(count):
                reads.append((0, counts[main]))
                started = time.perf_counter()
                if profiler:
                    profiler.enable()
                call_command("search", "reindex", "practice_sheet", "--restart",
                             "--batch-size", str(batch_size), stdout=output)
                if profiler:
                    profiler.disable()
                elapsed = time.perf_counter() - started
        finally:
            indexing.batches = read_batches
            connection_created.disconnect(count_new)
        total = sum(counts.values())
        # The first batch also counts the run's start (the first read) and the demo's
        # entries it replaces (the first write): the figures a batch are the others'.
        read_every, _full = _deltas(reads[1:], batch_size)
        read_every[0] -= reads[0][1]
        write_every, _full = _deltas(output.marks, batch_size)
        sizes = [d1 - d0 for (d0, _b), (d1, _a) in zip(reads, reads[1:], strict=False)]
        per_batch = [r + w for r, w in zip(read_every, write_every, strict=False)]
        later = [i for i, size in enumerate(sizes) if i and size == batch_size]
        read_full = [read_every[i] for i in later]
        write_full = [write_every[i] for i in later]
        full = [per_batch[i] for i in later]
        result = {
            "engine": engine, "database": connection.vendor, "sheets": sheets,
            "batch_size": batch_size, "batches": len(output.marks), "seconds": elapsed,
            "rate": sheets / elapsed if elapsed else 0.0, "queries": total,
            "queries_per_batch_min": min(full, default=0),
            "queries_per_batch_max": max(full, default=0),
            "read_queries_per_batch": sorted(set(read_full)),
            "write_queries_per_batch": sorted(set(write_full)),
            "queries_outside_batches": total - sum(per_batch),
            "queries_by_batch": per_batch,
            "generate_seconds": created,
        }
        say(f"reindex: {elapsed:.1f} s, {result['rate']:,.0f} sheets/s, "
            f"{len(output.marks)} batches of {batch_size}, "
            f"{result['queries_per_batch_min']}–{result['queries_per_batch_max']} queries "
            f"a full batch after the first, {per_batch[0] if per_batch else 0} the first "
            f"(reading {result['read_queries_per_batch']}, writing "
            f"{result['write_queries_per_batch']}, and two COPY on PostgreSQL), "
            f"{result['queries_outside_batches']} outside the batches ({total} in all)")
        if profiler:
            profiler.dump_stats(profile)
            stats = io.StringIO()
            pstats.Stats(profiler, stream=stats).sort_stats("cumulative").print_stats(30)
            say(stats.getvalue())
        return result
    finally:
        try:
            if engine == "elasticsearch":
                from search import api

                api.elasticsearch_engine().drop_all()
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)


def _sheet_count() -> int:
    from plugins.practice_library.models import PracticeSheetPage

    return PracticeSheetPage.objects.count()


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="practice sheets (demo included)")
    parser.add_argument("--engine", choices=["database", "elasticsearch"], default="database")
    parser.add_argument("--batch-size", type=int, default=2000)
    parser.add_argument("--prefix", default="essaim-bench-reindex",
                        help="Elasticsearch index prefix (one of your own on a shared node); "
                             "also names the throwaway database")
    parser.add_argument("--profile", metavar="FILE", help="write a cProfile of the reindex")
    parser.add_argument("--json", help="Also write the figures to this file.")
    args = parser.parse_args(argv)
    url = os.environ.get("ELASTICSEARCH_URL", "")
    if args.engine == "elasticsearch" and not url:
        parser.error("--engine elasticsearch needs ELASTICSEARCH_URL")
    results = run(args.n, engine=args.engine, batch_size=args.batch_size, url=url,
                  prefix=args.prefix, profile=args.profile)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, default=str))
    return results


if __name__ == "__main__":
    main()
