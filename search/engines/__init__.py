"""Engine selection and status (for /healthz)."""

from django.conf import settings


def engine_status() -> dict:
    if settings.ESSAIM_SEARCH_ENGINE != "elasticsearch":
        return {"ok": True, "engine": "database"}
    from search.api import elasticsearch_available, pending_writes

    ok = elasticsearch_available(force=True)
    status = {"ok": ok, "engine": "elasticsearch", "fallback": None if ok else "database"}
    status["pending_writes"] = pending_writes()
    return status
