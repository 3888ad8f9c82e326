"""Throughput over HTTP: the server's floor, the public pages, sign-ups and confirmations.

gunicorn with production settings (PostgreSQL, Redis for the cache and as the Celery
broker: emails are queued, not sent; no worker runs) on a throwaway database holding
the demo content and one visit date of ``--capacity`` seats. Every figure uses the same
client harness (bench/harness.py) with ``--connections`` concurrent keep-alive clients,
in one run:

1. the floor: ``/healthz`` (one query, no template), before and after the pages;
2. anonymous pages (served from the page cache after their first render);
3. sign-up POSTs (``--signups``, all different addresses; each client fetched its form
   and CSRF token once, untimed) — a pending booking and a queued email each;
4. confirmation POSTs of every link — the date is locked, the seats recounted, the
   booking confirmed or waitlisted in one transaction; capacity must hold.

    source <(.ci/services.sh)
    .venv/bin/python bench/web.py [--seconds 10] [--signups 1000] [--json out.json]
"""

import argparse
import json
import os
import re
import secrets
import sys
import tempfile
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings.test")
os.environ.setdefault("ESSAIM_VAR_DIR", tempfile.mkdtemp(prefix="essaim-bench-"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from harness import Server, expect, load  # noqa: E402  (bench/harness.py)

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def with_path(url, path):
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))


def prepare(capacity):
    """The demo content, and one visit date of ``capacity`` seats for one person each."""
    from datetime import timedelta

    from django.utils import timezone

    from plugins.practice_library.models import PracticeSheetPage
    from plugins.visits.models import VisitPage, VisitSlot

    call_command("demo", stdout=StringIO())
    page = VisitPage.objects.live().order_by("pk").first()
    page.max_party_size = 1
    page.save()
    start = timezone.now() + timedelta(days=20)
    slot = VisitSlot.objects.create(page=page, starts_at=start, capacity=capacity,
                                    ends_at=start + timedelta(hours=1), guide="Banc d'essai")
    sheet = PracticeSheetPage.objects.live().order_by("pk").first()
    pages = {
        "home": "/",
        "library": "/pratiques/",
        "library, filtered": "/pratiques/?mechanism=budget-participatif&tri=newest",
        "sheet": sheet.url,
        "visits": "/visites/",
        "trainings": "/formations/",
        "charters": "/chartes/",
    }
    return slot, pages


def run(seconds=10, connections=50, signups=1000, capacity=300, workers=4, threads=8):
    if connection.vendor != "postgresql":
        raise SystemExit("Set DATABASE_URL to PostgreSQL (source <(.ci/services.sh)).")
    redis_url = os.environ.get("REDIS_URL") or os.environ.get("CELERY_BROKER_URL") or ""
    if not redis_url.startswith("redis"):
        raise SystemExit("Set REDIS_URL (source <(.ci/services.sh)).")
    redis_url = with_path(redis_url, "/15")  # a database of its own, flushed at the end

    from core.bookings import services
    from core.bookings.models import Booking, BookingStatus

    secret_key = secrets.token_urlsafe(60)
    settings.SECRET_KEY = secret_key  # links made here must verify in the server
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True,
                                                   serialize=False)
    database_url = with_path(os.environ["DATABASE_URL"], "/" + connection.settings_dict["NAME"])
    results = {"connections": connections, "workers": workers, "threads": threads}
    try:
        slot, pages = prepare(capacity)
        connection.close()
        with Server(database_url, redis_url, secret_key, workers, threads, extra_env={
                "ESSAIM_BOOKINGS_RATE_LIMIT_PER_IP": "1000000000",
                "ESSAIM_BOOKINGS_RATE_LIMIT_PER_EMAIL": "1000000000"}) as server:
            port = server.port

            def get(path):
                def action(client, _job):
                    expect(client.get(path), 200, path)
                return action

            def throughput(path):
                expect(server_client.get(path), 200, path)  # first render, then cached
                return load(port, connections, get(path), seconds=seconds)

            from harness import Client

            server_client = Client(port)
            floor = [throughput("/healthz")]
            results["pages"] = {name: dict(throughput(path), path=path)
                                for name, path in pages.items()}
            floor.append(throughput("/healthz"))
            results["floor"] = {
                "throughput": sum(f["throughput"] for f in floor) / len(floor),
                "p50": sum(f["p50"] for f in floor) / len(floor),
                "p95": max(f["p95"] for f in floor),
                "requests": sum(f["requests"] for f in floor),
                "failures": [m for f in floor for m in f["failures"]],
                "runs": [round(f["throughput"]) for f in floor]}

            form_path = f"/visites/creneaux/{slot.pk}/inscription/"
            tokens = {}

            def fetch_token(client):
                page = expect(client.get(form_path), 200, "sign-up form")
                tokens[id(client)] = CSRF.search(page.text).group(1)

            def sign_up(client, index):
                expect(client.post(form_path, {
                    "csrfmiddlewaretoken": tokens[id(client)], "name": f"Personne {index}",
                    "email": f"bench{index}@example.org", "party_size": "1",
                    "consent": "on"}), 302, "sign-up")
                # A resident reads the message on the page the redirect leads to; the
                # bench does not fetch it, so it drops the message as that page would.
                client.cookies.pop("messages", None)

            results["sign-up"] = load(port, connections, sign_up, jobs=range(signups),
                                      setup=fetch_token)
            links = [f"/inscriptions/confirmer/{services.confirm_token(b)}/"
                     for b in Booking.objects.filter(offering=slot.offering_id)]
            connection.close()

            def confirm(client, path):
                expect(client.post(path, {"csrfmiddlewaretoken": tokens[id(client)]}), 302,
                       "confirmation")
                client.cookies.pop("messages", None)

            results["confirmation"] = load(port, connections, confirm, jobs=links,
                                           setup=fetch_token)
        statuses = dict(Booking.objects.filter(offering=slot.offering_id)
                        .values_list("status").annotate(n=django.db.models.Count("pk")))
        results["capacity"] = {
            "seats": capacity, "taken": services.seats_taken(slot.offering),
            "bookings": sum(statuses.values()),
            "confirmed": statuses.get(BookingStatus.CONFIRMED, 0),
            "waitlisted": statuses.get(BookingStatus.WAITLISTED, 0)}
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
        import redis

        redis.Redis.from_url(redis_url).flushdb()
    return results


def table(results):
    floor = results["floor"]["throughput"]
    lines = ["| measure | requests | failures | req/s | ratio to the floor | p50 (ms) | p95 (ms) |",
             "|---|---:|---:|---:|---:|---:|---:|"]

    def row(name, r):
        lines.append(f"| {name} | {r['requests']} | {len(r['failures'])} | "
                     f"{r['throughput']:.0f} | {r['throughput'] / floor:.0%} | "
                     f"{r['p50']:.0f} | {r['p95']:.0f} |")

    row("`/healthz` (floor)", results["floor"])
    for name, r in results["pages"].items():
        row(f"{name} `{r['path']}`", r)
    row("sign-up POST", results["sign-up"])
    row("confirmation POST", results["confirmation"])
    c = results["capacity"]
    lines.append(f"\nCapacity {c['seats']}: {c['taken']} seats taken, {c['confirmed']} "
                 f"confirmed, {c['waitlisted']} waitlisted, of {c['bookings']} sign-ups.")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--signups", type=int, default=1000)
    parser.add_argument("--capacity", type=int, default=300)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--json", help="Also write the figures to this file.")
    args = parser.parse_args(argv)
    results = run(args.seconds, args.connections, args.signups, args.capacity, args.workers,
                  args.threads)
    print(table(results))
    if args.json:
        Path(args.json).write_text(json.dumps(dict(results, table=table(results)), indent=1))
    first = (results["sign-up"]["failures"] + results["confirmation"]["failures"])[:3]
    if first:
        print("First failures:", first)
    assert results["capacity"]["taken"] <= results["capacity"]["seats"]


if __name__ == "__main__":
    main()
