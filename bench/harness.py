"""The HTTP side of the benchmarks: gunicorn with production settings, and one client
harness for every figure measured over the network (the floor, pages, sign-ups), so
that their ratios compare like with like.

The clients are threads, each with one keep-alive connection (``http.client``: far
less client CPU per request than a full HTTP library, which matters when the server
and the clients share two cores) and its own cookies.
"""

import http.client
import os
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
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent

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
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn serving Essaim on 127.0.0.1 with production settings (HTTPS redirects
    off), as a context manager."""

    def __init__(self, database_url, redis_url, secret_key, workers=4, threads=8,
                 extra_env=None):
        self.port = free_port()
        self.workers, self.threads = workers, threads
        settings_dir = tempfile.mkdtemp(prefix="essaim-bench-settings-")
        Path(settings_dir, "bench_settings.py").write_text(SERVER_SETTINGS)
        self.env = dict(os.environ, DJANGO_SETTINGS_MODULE="bench_settings",
                        DATABASE_URL=database_url, CELERY_BROKER_URL=redis_url,
                        REDIS_URL=redis_url, SECRET_KEY=secret_key,
                        ESSAIM_BASE_URL=f"http://127.0.0.1:{self.port}",
                        PYTHONPATH=f"{settings_dir}:{ROOT}", **(extra_env or {}))
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "core.wsgi:application",
             "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers),
             "--threads", str(self.threads), "--worker-class", "gthread",
             "--log-level", "warning", "--keep-alive", "30"],
            env=self.env, cwd=ROOT, start_new_session=True)
        for _ in range(240):
            try:
                if Client(self.port).get("/healthz").status == 200:
                    return self
            except OSError:  # not listening yet, or still importing
                pass
            if self.process.poll() is not None:
                raise SystemExit("gunicorn stopped while starting")
            time.sleep(0.25)
        self.__exit__()
        raise SystemExit("gunicorn did not start")

    def __exit__(self, *exc):
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


class Client:
    """One keep-alive connection and its cookies."""

    def __init__(self, port):
        self.port = port
        self.connection = None
        self.cookies = {}

    def request(self, method, path, data=None, headers=None):
        headers = dict(headers or {})
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                payload = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed an idle keep-alive connection: reconnect once.
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
        for value in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                self.cookies[name] = morsel.value
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        return Response(response.status, response.headers, payload)

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post(self, path, data, headers=None):
        return self.request("POST", path, data=data, headers=headers)


def load(port, connections, action, jobs=None, seconds=None, setup=None):
    """Run ``action(client, job)`` on ``connections`` threads, over ``jobs`` (each once) or
    for ``seconds``. ``setup(client)`` runs first on each thread, untimed. Returns a dict:
    requests, failures (messages), throughput (req/s), p50 and p95 latency (ms)."""
    local = threading.local()
    timings, failures = [], []
    barrier = threading.Barrier(connections)
    lock = threading.Lock()
    queue = iter(jobs) if jobs is not None else None
    deadline = [None]

    def next_job():
        if queue is None:
            return None if time.perf_counter() >= deadline[0] else True
        with lock:
            return next(queue, None)

    def worker(_index):
        local.client = Client(port)
        if setup is not None:
            setup(local.client)
        barrier.wait()
        if deadline[0] is None:
            with lock:
                if deadline[0] is None:
                    deadline[0] = time.perf_counter() + (seconds or 0)
                    started[0] = time.perf_counter()
        while (job := next_job()) is not None:
            start = time.perf_counter()
            try:
                action(local.client, job)
                timings.append((time.perf_counter() - start) * 1000)
            except Exception as exc:  # counted and reported, the run carries on
                failures.append(repr(exc))
                local.client = Client(port)
                if setup is not None:
                    setup(local.client)

    started = [None]
    with ThreadPoolExecutor(max_workers=connections) as pool:
        list(pool.map(worker, range(connections)))
    elapsed = time.perf_counter() - started[0]
    return {"requests": len(timings), "failures": failures,
            "throughput": len(timings) / elapsed if elapsed else 0.0,
            "p50": statistics.median(timings) if timings else float("nan"),
            "p95": percentile(timings, 0.95)}


def expect(response, status, what):
    if response.status != status:
        raise AssertionError(f"{what}: HTTP {response.status}, expected {status}")
    return response
