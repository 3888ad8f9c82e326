"""Status of the services Essaim depends on, for /healthz and `essaim check`."""

import threading
import time

from django.conf import settings
from django.db import connection

_memo = {"at": None, "checks": None}
_memo_lock = threading.Lock()


def database_status() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return {"ok": False, "vendor": connection.vendor, "error": exc.__class__.__name__}
    return {"ok": True, "vendor": connection.vendor}


def broker_status() -> dict:
    if settings.CELERY_BROKER_URL.startswith("memory://"):
        return {"ok": True, "mode": "eager"}
    from core.celery import app

    try:
        with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return {"ok": False, "mode": "broker", "error": exc.__class__.__name__}
    return {"ok": True, "mode": "broker"}


def search_status() -> dict:
    from search.engines import engine_status

    return engine_status()


# Messages waiting longer than this mean delivery is stuck (broker or worker down).
OUTBOX_STALE_SECONDS = 15 * 60


def outbox_status() -> dict:
    from core.outbox.delivery import backlog

    try:
        state = backlog()
    except Exception as exc:  # the database is down: reported by its own check
        return {"ok": False, "error": exc.__class__.__name__}
    state["ok"] = state["oldest_seconds"] < OUTBOX_STALE_SECONDS and not state["failed"]
    return state


def plugin_statuses() -> dict:
    """What plugins report (health_checks hook); a failing check is reported, not raised."""
    from core.plugin_manager import get_plugin_manager

    statuses = {}
    for checks in get_plugin_manager().hook.health_checks():
        for name, check in (checks or {}).items():
            try:
                statuses[name] = check()
            except Exception as exc:  # the database is down: reported by its own check
                statuses[name] = {"ok": False, "error": exc.__class__.__name__}
    return statuses


def service_statuses() -> dict:
    """Every check but the database's. A probe hitting /healthz every second must not open
    a broker connection and query the search engine each time: their answer is kept for
    ``ESSAIM_HEALTH_CACHE_SECONDS`` in each process (0: checked on every call)."""
    ttl = float(getattr(settings, "ESSAIM_HEALTH_CACHE_SECONDS", 0) or 0)

    def check():
        return {"broker": broker_status(), "search": search_status(),
                "outbox": outbox_status(), **plugin_statuses()}

    if not ttl:
        return check()
    with _memo_lock:
        now = time.monotonic()
        if _memo["at"] is None or now - _memo["at"] >= ttl:
            _memo["checks"], _memo["at"] = check(), now
        return _memo["checks"]


def overall_status() -> tuple[dict, int]:
    # The database is always checked live: without it nothing can be served.
    checks = {"database": database_status(), **service_statuses()}
    healthy = all(check["ok"] for check in checks.values())
    # Without its database the site cannot serve anything: tell the load balancer.
    code = 200 if checks["database"]["ok"] else 503
    return {"status": "ok" if healthy else "degraded", "checks": checks}, code
