"""Real services started and stopped by the fault tests themselves.

A Redis server of the test's own (so stopping it disturbs nothing else), the
machine's Elasticsearch (stopped and started by .ci/elasticsearch.sh), a real
Celery worker process, and an SMTP server (aiosmtpd).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, timeout=30.0, interval=0.1, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}")


class RedisServer:
    """A redis-server on a port of its own, started and stopped for real."""

    def __init__(self, directory: Path):
        self.binary = shutil.which("redis-server")
        self.port = free_port()
        self.directory = directory
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(self.answers, 10, message="redis-server to start")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None

    def answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False


@contextmanager
def celery_worker(env: dict, beat: bool = False, tmp_path: Path | None = None):
    """A real `celery worker` process (with beat if asked) for the test's database."""
    command = [sys.executable, "-m", "celery", "-A", "core.celery", "worker", "--pool=solo",
               "--without-heartbeat", "--without-gossip", "--without-mingle",
               "--loglevel=WARNING"]
    if beat:
        command += ["--beat", "--schedule", str(tmp_path / "celerybeat-schedule")]
    log = open(tmp_path / "worker.log", "w") if tmp_path else subprocess.DEVNULL
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, stdout=log,
                               stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
        if log is not subprocess.DEVNULL:
            log.close()


def worker_env(connection, broker_url, mail_dir) -> dict:
    """Environment of a worker process that works on the test database."""
    settings = connection.settings_dict
    return {
        "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
        "CELERY_BROKER_URL": broker_url, "REDIS_URL": broker_url,
        "ESSAIM_TEST_DATABASE": settings["NAME"],
        "ESSAIM_TEST_MAIL_DIR": str(mail_dir),
        "PYTHONPATH": str(ROOT),
        # The broker given is used as is (not shifted to a parallel worker's database).
        "PYTEST_XDIST_WORKER": "",
    }


ELASTICSEARCH_SCRIPT = ROOT / ".ci" / "elasticsearch.sh"


def elasticsearch_control_available() -> str | None:
    """None if this machine's Elasticsearch can be stopped and started by the tests."""
    if os.geteuid() != 0:
        return "stopping Elasticsearch needs root (the CI machine)"
    result = subprocess.run([str(ELASTICSEARCH_SCRIPT), "status"], capture_output=True,
                            text=True, check=False)
    if result.returncode != 0:
        return f"no Elasticsearch started by .ci/elasticsearch.sh ({result.stderr.strip()})"
    return None


def stop_elasticsearch():
    subprocess.run([str(ELASTICSEARCH_SCRIPT), "stop"], check=True, capture_output=True)


def start_elasticsearch():
    subprocess.run([str(ELASTICSEARCH_SCRIPT)], check=True, capture_output=True)
