"""Federation: time and SQL queries of a synchronisation of 1 000 remote sheets, the first
one and incremental ones (nothing new: a 304; ten sheets changed).

The remote instance is a small HTTP server on loopback serving an outbox in Essaim's
format (docs/federation.md): 50 activities a page, ETags, Articles with sections and
taxonomies. The subscriber runs in-process on a throwaway database built like `essaim
demo` (SQLite by default, PostgreSQL with DATABASE_URL; Elasticsearch too with
ELASTICSEARCH_URL), indexing included (the outbox delivers in-process).

    .venv/bin/python bench/federation.py [--sheets 1000]
"""

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings.test")
os.environ.setdefault("ESSAIM_VAR_DIR", tempfile.mkdtemp(prefix="essaim-bench-"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

# The loopback server the federation tests use for their remotes.
from tests.practice_library.federation.loopback import LoopbackServer  # noqa: E402

PAGE = 50
SECTION = "<p>" + "Les habitants proposent, votent et suivent les projets du quartier. " * 8 + \
    "</p>"


class Remote:
    """An outbox of ``count`` sheets; ``touch(n)`` republishes n of them (new sequence)."""

    def __init__(self, count):
        self.events = {number: number for number in range(1, count + 1)}  # sheet → seq
        self.versions = dict.fromkeys(self.events, 1)
        self.sequence = count
        self.server = LoopbackServer(self.respond)
        self.url = self.server.url

    def respond(self, path, headers):
        status, body, etag = self.answer(path)
        if etag and headers.get("If-None-Match") == etag:
            status, body = 304, b""
        sent = {"Content-Type": "application/activity+json"}
        if etag:
            sent["ETag"] = etag
        return status, sent, body

    def touch(self, count):
        for number in list(self.events)[:count]:
            self.sequence += 1
            self.events[number] = self.sequence
            self.versions[number] += 1

    def article(self, number):
        return {
            "id": f"{self.url}/federation/fiches/{number}", "type": "Article",
            "name": f"Pratique distante {number} (version {self.versions[number]})",
            "url": f"{self.url}/pratiques/pratique-{number}/",
            "attributedTo": f"{self.url}/federation/",
            "published": "2024-01-01T10:00:00+00:00",
            "updated": f"2025-01-01T10:00:{self.versions[number]:02d}+00:00",
            "keyPoints": ["Un budget dédié", "Des projets d'habitants", "Un vote ouvert"],
            "territory": {"name": f"Commune {number}", "inseeCode": f"{10000 + number}",
                          "kind": "commune", "region": "bretagne", "population": 1000 * number},
            "mechanisms": [{"slug": "budget-participatif", "name": "Budget participatif"}],
            "challenges": [{"slug": "confiance", "name": "Confiance"},
                           {"slug": "inconnu", "name": "Une valeur inconnue"}],
            "participationLevel": "concertation", "status": "ongoing",
            "startDate": "2023-03-01", "totalCost": "12000.00",
            "sections": [{"name": "context", "content": SECTION},
                         {"name": "steps", "content": SECTION}],
            "licence": {"id": "cc-by-sa-4.0"}, "contributors": ["Camille Durand"]}

    def answer(self, path):
        parts = urlsplit(path)
        if parts.path == "/federation/":
            return 200, json.dumps({"id": f"{self.url}/federation/", "type": "Organization",
                                    "name": "Instance distante", "url": f"{self.url}/",
                                    "outbox": f"{self.url}/federation/outbox"}).encode(), None
        after = parse_qs(parts.query).get("after")
        if after is None:
            collection = {"type": "OrderedCollection",
                          "first": f"{self.url}/federation/outbox?after=0"}
            return 200, json.dumps(collection).encode(), None
        after = int(after[0])
        items = sorted((seq, number) for number, seq in self.events.items() if seq > after)
        items = items[:PAGE]
        page = {"type": "OrderedCollectionPage",
                "id": f"{self.url}/federation/outbox?after={after}",
                "orderedItems": [{"type": "Update", "actor": f"{self.url}/federation/",
                                  "sequence": seq, "object": self.article(number)}
                                 for seq, number in items]}
        if items:
            page["next"] = f"{self.url}/federation/outbox?after={items[-1][0]}"
        etag = '"' + hashlib.sha256(repr((after, items)).encode()).hexdigest()[:16] + '"'
        return 200, json.dumps(page).encode(), etag


def run(label, subscription, sheets):
    from plugins.practice_library.federation import services

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        report = services.sync(subscription, pages=10_000)
    elapsed = time.perf_counter() - started
    assert report.ok, report.error
    print(f"| {sheets} | {label} | {report.pages} | {report.created} / {report.updated} | "
          f"{elapsed:.2f} | {len(queries)} |", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=1000)
    args = parser.parse_args()

    from plugins.practice_library.federation import services

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    remote = Remote(args.sheets)
    try:
        call_command("demo", stdout=StringIO())
        subscription = services.subscribe(f"{remote.url}/federation/")
        engine = "elasticsearch" if os.environ.get("ELASTICSEARCH_URL") else "database"
        print(f"Database: {connection.vendor}; search: {engine}\n")
        print("| remote sheets | synchronisation | pages | new / updated | time (s) | "
              "SQL queries |")
        print("|---:|---|---:|---:|---:|---:|")
        run("first", subscription, args.sheets)
        run("incremental, nothing new (304)", subscription, args.sheets)
        remote.touch(10)
        run("incremental, 10 sheets changed", subscription, args.sheets)
    finally:
        remote.server.stop()
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
