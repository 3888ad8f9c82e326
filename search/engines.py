"""Engine selection and status."""

from django.conf import settings


def engine_status() -> dict:
    if settings.ESSAIM_SEARCH_ENGINE == "elasticsearch":
        from elasticsearch import Elasticsearch

        try:
            client = Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=2)
            ok = bool(client.ping())
        except Exception:
            ok = False
        return {"ok": ok, "engine": "elasticsearch", "fallback": None if ok else "database"}
    return {"ok": True, "engine": "database"}
