"""Sign-up throughput and latency with concurrent clients against a real server.

Starts gunicorn on 127.0.0.1 (production settings, PostgreSQL, Redis as the
Celery broker: emails are queued, not sent) on a throwaway database holding the
demo visits, then runs two bounded phases with ``--clients`` concurrent HTTP
clients, each with its own session and CSRF token:

1. sign-up: GET the form of one visit date, POST it (``--signups`` in all);
2. confirmation: POST each confirmation link (locks the date, recounts, takes
   seats or joins the waiting list).

Prints a Markdown table for docs/performance.md and checks that the date's
capacity was not exceeded.

    source <(.ci/services.sh)
    .venv/bin/python bench/bookings.py [--clients 50] [--signups 1000] [--capacity 300]
"""

import argparse
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings.test")
os.environ.setdefault("ESSAIM_VAR_DIR", tempfile.mkdtemp(prefix="essaim-bench-"))

import django  # noqa: E402

django.setup()

import requests  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

SERVER_SETTINGS = textwrap.dedent("""
    from core.settings.production import *  # noqa
    SECURE_SSL_REDIRECT = False
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
    SECURE_HSTS_SECONDS = 0
    STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    ALLOWED_HOSTS = ["127.0.0.1"]
    LOGGING["root"]["level"] = "WARNING"
""")


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def with_path(url, path):
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))


def prepare_data(capacity):
    from datetime import timedelta

    from django.utils import timezone
    from wagtail.models import Page, Site

    from core.models import HomePage
    from plugins.visits.demo import create_demo_visits
    from plugins.visits.models import VisitPage, VisitSlot

    # Only what the sign-up pages need: a home page, the site, the demo visits.
    home = HomePage(title="Essaim", slug="accueil")
    Page.get_first_root_node().add_child(instance=home)
    Site.objects.update_or_create(is_default_site=True, defaults={
        "hostname": "127.0.0.1", "root_page": home})
    create_demo_visits(home)
    page = VisitPage.objects.live().order_by("pk").first()
    page.max_party_size = 1
    page.save()
    start = timezone.now() + timedelta(days=20)
    return VisitSlot.objects.create(page=page, starts_at=start, capacity=capacity,
                                    ends_at=start + timedelta(hours=1), guide="Banc d'essai")


def start_server(port, database_url, redis_url, secret_key, workers, threads):
    settings_dir = tempfile.mkdtemp(prefix="essaim-bench-settings-")
    Path(settings_dir, "bench_settings.py").write_text(SERVER_SETTINGS)
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="bench_settings", DATABASE_URL=database_url,
               CELERY_BROKER_URL=redis_url, REDIS_URL=redis_url, SECRET_KEY=secret_key,
               PYTHONPATH=f"{settings_dir}:{ROOT}",
               ESSAIM_BOOKINGS_RATE_LIMIT_PER_IP="1000000000",
               ESSAIM_BOOKINGS_RATE_LIMIT_PER_EMAIL="1000000000")
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "core.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
         "--worker-class", "gthread", "--log-level", "warning"],
        env=env, cwd=ROOT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            if requests.get(base + "/visites/", timeout=10).status_code == 200:
                return process, base
        except requests.RequestException:  # not listening yet, or still importing
            pass
        time.sleep(0.5)
    os.killpg(process.pid, signal.SIGTERM)
    raise SystemExit("gunicorn did not start")


def run_phase(clients, jobs, action):
    """Run ``action(session, job)`` for every job on ``clients`` threads; latencies in ms."""
    local = threading.local()
    timings, failures = [], []

    def worker(job):
        if not hasattr(local, "session"):
            local.session = requests.Session()
        try:
            timings.append(action(local.session, job))
        except Exception as exc:  # reported below, the bench carries on
            failures.append(repr(exc))

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(worker, jobs))
    elapsed = time.perf_counter() - started
    return timings, failures, elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--signups", type=int, default=1000)
    parser.add_argument("--capacity", type=int, default=300)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()

    if connection.vendor != "postgresql":
        raise SystemExit("Set DATABASE_URL to PostgreSQL (source <(.ci/services.sh)).")
    redis_url = os.environ.get("REDIS_URL") or os.environ.get("CELERY_BROKER_URL")
    if not (redis_url or "").startswith("redis"):
        raise SystemExit("Set REDIS_URL (source <(.ci/services.sh)).")
    redis_url = with_path(redis_url, "/15")  # a database of its own, flushed at the end

    from core.bookings import services
    from core.bookings.models import Booking, BookingStatus

    secret_key = secrets.token_urlsafe(60)
    settings.SECRET_KEY = secret_key  # links made here must verify in the server
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True,
                                                   serialize=False)
    database_url = with_path(os.environ["DATABASE_URL"], "/" + connection.settings_dict["NAME"])
    process = None
    try:
        slot = prepare_data(args.capacity)
        connection.close()
        process, base = start_server(free_port(), database_url, redis_url, secret_key,
                                     args.workers, args.threads)
        form_url = f"{base}/visites/creneaux/{slot.pk}/inscription/"

        def sign_up(session, index):
            token = CSRF.search(session.get(form_url, timeout=30).text).group(1)
            start = time.perf_counter()
            response = session.post(form_url, timeout=30, allow_redirects=False, headers={
                "Referer": form_url}, data={
                "csrfmiddlewaretoken": token, "name": f"Personne {index}",
                "email": f"bench{index}@example.org", "party_size": "1", "consent": "on"})
            assert response.status_code == 302, response.status_code
            return (time.perf_counter() - start) * 1000

        signups, signup_failures, signup_elapsed = run_phase(args.clients, range(args.signups),
                                                             sign_up)
        links = [f"{base}/inscriptions/confirmer/{services.confirm_token(b)}/"
                 for b in Booking.objects.filter(offering=slot.offering_id)]
        connection.close()

        def confirm(session, url):
            token = CSRF.search(session.get(url, timeout=30).text).group(1)
            start = time.perf_counter()
            response = session.post(url, timeout=30, allow_redirects=False,
                                    headers={"Referer": url},
                                    data={"csrfmiddlewaretoken": token})
            assert response.status_code == 302, response.status_code
            return (time.perf_counter() - start) * 1000

        confirms, confirm_failures, confirm_elapsed = run_phase(args.clients, links, confirm)

        statuses = dict(Booking.objects.filter(offering=slot.offering_id)
                        .values_list("status").annotate(n=django.db.models.Count("pk")))
        taken = services.seats_taken(slot.offering)
        print(f"PostgreSQL + Redis, gunicorn {args.workers} workers x {args.threads} threads, "
              f"{args.clients} concurrent clients, {os.cpu_count()} CPUs\n")
        print("| phase | requests | failures | throughput (req/s) | p50 (ms) | p95 (ms) |")
        print("|---|---:|---:|---:|---:|---:|")
        for name, timings, failures, elapsed in (
                ("sign-up POST", signups, signup_failures, signup_elapsed),
                ("confirmation POST", confirms, confirm_failures, confirm_elapsed)):
            print(f"| {name} | {len(timings)} | {len(failures)} | "
                  f"{len(timings) / elapsed:.0f} | {statistics.median(timings):.0f} | "
                  f"{percentile(timings, 0.95):.0f} |")
        print(f"\nCapacity {args.capacity}: {taken} seats taken, "
              f"{statuses.get(BookingStatus.CONFIRMED, 0)} confirmed, "
              f"{statuses.get(BookingStatus.WAITLISTED, 0)} waitlisted.")
        if signup_failures or confirm_failures:
            print("First failures:", (signup_failures + confirm_failures)[:3])
        assert taken <= args.capacity
    finally:
        if process is not None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
        import redis

        redis.Redis.from_url(redis_url).flushdb()


if __name__ == "__main__":
    main()
