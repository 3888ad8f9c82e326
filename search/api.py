"""The search API: what plugins, views and tasks call, whatever engine runs.

    from search import api
    result = api.search("practice_sheet", "budget participatif",
                        filters={"theme": ["jeunesse"]}, facets=["theme", "region"],
                        sort="relevance", page=1, per_page=20)
    result.hits[0].data, result.hits[0].highlight, result.total, result.facets["theme"]

Filters: values of one facet are OR-ed, facets are AND-ed; each facet's counts
ignore that facet's own selection. Writes always go to the database engine
(it is the fallback) and, when Elasticsearch is configured, to Elasticsearch;
a failed Elasticsearch write is recorded in PendingWrite and replayed by the
reconcile task. Searches fall back to the database engine while Elasticsearch
is unreachable.
"""

from __future__ import annotations

import hashlib
import logging
import time

from django.conf import settings
from django.core.exceptions import ValidationError

from search.engines.base import (
    MAX_PER_PAGE,
    TYPE_FACET,
    EngineUnavailable,
    Hit,
    Query,
    SearchResult,
    Suggestion,
    clean_text,
)
from search.engines.database import DatabaseEngine
from search.registry import get_documents

logger = logging.getLogger("search")

__all__ = ["search", "suggest", "more_like_this", "index", "index_data", "delete", "bulk_index",
           "sync", "get_engine", "SearchResult", "Hit", "Suggestion", "UnknownDocument"]

MAX_RESULT_WINDOW = 10_000
RETRY_AFTER_SECONDS = 30
CHECK_EVERY_SECONDS = 10
_state = {"down_until": 0.0, "up_until": 0.0, "writes": 0}


def elasticsearch_writes() -> int:
    """How many Elasticsearch writes this process attempted (tests watch it)."""
    return _state["writes"]


class UnknownDocument(ValueError):
    pass


def elasticsearch_configured() -> bool:
    return settings.ESSAIM_SEARCH_ENGINE == "elasticsearch" and bool(settings.ELASTICSEARCH_URL)


def elasticsearch_engine():
    from search.engines.elasticsearch import ElasticsearchEngine

    return ElasticsearchEngine()


def database_engine() -> DatabaseEngine:
    return DatabaseEngine()


def get_engine():
    """The configured engine (Elasticsearch when ELASTICSEARCH_URL is set)."""
    return elasticsearch_engine() if elasticsearch_configured() else database_engine()


def mark_unavailable(exc) -> None:
    if time.monotonic() >= _state["down_until"]:
        logger.warning("Elasticsearch unreachable (%s): searching the database instead for %ss",
                       exc, RETRY_AFTER_SECONDS)
    _state["down_until"] = time.monotonic() + RETRY_AFTER_SECONDS
    _state["up_until"] = 0.0


def elasticsearch_available(force=False) -> bool:
    if not elasticsearch_configured():
        return False
    now = time.monotonic()
    if not force and now < _state["down_until"]:
        return False
    if not force and now < _state.get("up_until", 0.0):
        return True  # seen up a moment ago: a failing search still falls back
    ok = elasticsearch_engine().ping()
    _state["up_until"] = now + CHECK_EVERY_SECONDS if ok else 0.0
    if ok:
        was_down = _state["down_until"] > 0
        _state["down_until"] = 0.0
        if was_down and pending_writes():
            _schedule_reconcile()
    else:
        mark_unavailable("ping failed")
    return ok


def pending_writes() -> int:
    from search.models import PendingWrite

    try:
        return PendingWrite.objects.count()
    except Exception:  # table missing before migrate
        return 0


def _schedule_reconcile():
    from django.db import transaction

    from search.tasks import reconcile

    def enqueue():
        try:
            reconcile.delay()
        except Exception as exc:
            logger.warning("Could not queue the search reconcile task: %s", exc)

    transaction.on_commit(enqueue)


def document(name: str):
    documents = get_documents()
    if name not in documents:
        raise UnknownDocument(name)
    return documents[name]


# --- reading ------------------------------------------------------------------


def build_query(doc_name=None, query="", filters=None, facets=None, sort="relevance", page=1,
                per_page=20) -> Query:
    documents = get_documents()
    if doc_name is None:
        names = list(documents)
    elif isinstance(doc_name, list | tuple):
        names = [document(n).name for n in doc_name]
    else:
        names = [document(doc_name).name]
    allowed = {TYPE_FACET}
    for name in names:
        allowed |= set(documents[name].facets)
    clean_filters = {}
    for name, values in (filters or {}).items():
        if name not in allowed:
            continue
        if isinstance(values, str | int):
            values = [values]
        values = [str(v).replace("\x00", "")[:255] for v in values
                  if v is not None and str(v).strip("\x00") != ""][:50]
        if values:
            clean_filters[name] = values
    try:
        per_page = min(max(int(per_page), 1), MAX_PER_PAGE)
    except (TypeError, ValueError):
        per_page = 20
    try:
        page = max(int(page), 1)
    except (TypeError, ValueError):
        page = 1
    page = min(page, MAX_RESULT_WINDOW // per_page)
    return Query(doc_names=names, text=clean_text(query), filters=clean_filters,
                 facets=[f for f in (facets or []) if f in allowed],
                 sort=str(sort or "relevance")[:100], page=page, per_page=per_page)


def search(doc_name=None, query="", filters=None, facets=None, sort="relevance", page=1,
           per_page=20) -> SearchResult:
    """Search one document type (a name), several (a list) or all (None).

    A query that finds nothing because some of its words are unknown (typos) is
    answered corrected: ``result.suggestion`` is then the corrected text.
    """
    request = build_query(doc_name, query, filters, facets, sort, page, per_page)
    result = _search(request)
    if result.total == 0 and request.text:
        correction = _correction(request)
        if correction:
            request.fuzzy = correction.words
            result = _search(request)
            result.suggestion = correction.suggestion
    return result


def _correction(request):
    from search import spelling, thesaurus
    from search.query import parse

    parsed = parse(request.text)
    protected = {term for slot in thesaurus.expand(parsed.stems) if len(slot) > 1
                 for alternative in slot for term in alternative}
    return spelling.correct(parsed.free_text, request.doc_names, protected)


def _search(request) -> SearchResult:
    if elasticsearch_available():
        try:
            return elasticsearch_engine().search(request)
        except EngineUnavailable as exc:
            mark_unavailable(exc)
    engine = database_engine()
    if request.text:
        result = engine.search(request)
    else:
        # Browsing (filters, sorts, every facet counted over the whole library) reads
        # the entries only: kept until one changes, as Elasticsearch's request cache is
        # until a refresh brings a change; a booking or a setting saved elsewhere leaves
        # it be. Text searches are too varied to be worth keeping.
        from core import pagecache

        result = pagecache.remember(
            f"search:{hashlib.blake2b(repr(request).encode(), digest_size=16).hexdigest()}",
            ["essaim_search"], lambda: engine.search(request))
    result.fallback = elasticsearch_configured()
    return result


def suggest(prefix, doc_name=None, limit=8) -> list[Suggestion]:
    prefix = clean_text(prefix)[:100]
    if not prefix:
        return []
    names = [document(doc_name).name] if doc_name else list(get_documents())
    limit = min(max(int(limit), 1), 20)
    if elasticsearch_available():
        try:
            return elasticsearch_engine().suggest(prefix, names, limit)
        except EngineUnavailable as exc:
            mark_unavailable(exc)
    return database_engine().suggest(prefix, names, limit)


def more_like_this(doc_name, object_id, limit=5) -> list[Hit]:
    doc = document(doc_name)
    if elasticsearch_available():
        try:
            return elasticsearch_engine().more_like_this(doc, object_id, limit)
        except EngineUnavailable as exc:
            mark_unavailable(exc)
    return database_engine().more_like_this(doc, object_id, limit)


# --- writing ------------------------------------------------------------------


def _record_pending(doc_name, object_id, exc):
    from django.db.models import F

    from search.models import PendingWrite

    pending, created = PendingWrite.objects.get_or_create(
        doc_type=doc_name, object_id=str(object_id), defaults={"error": str(exc)[:1000]})
    if not created:
        PendingWrite.objects.filter(pk=pending.pk).update(attempts=F("attempts") + 1,
                                                          error=str(exc)[:1000])


def _clear_pending(doc_name, object_ids):
    from search.models import PendingWrite

    PendingWrite.objects.filter(doc_type=doc_name,
                                object_id__in=[str(i) for i in object_ids]).delete()


def _to_elasticsearch(doc_name, object_ids, write) -> bool:
    """Run ``write(engine)``; on failure record the objects as pending. True if written."""
    if not elasticsearch_configured():
        return True
    _state["writes"] += 1
    try:
        write(elasticsearch_engine())
    except EngineUnavailable as exc:
        mark_unavailable(exc)
        for object_id in object_ids:
            _record_pending(doc_name, object_id, exc)
        return False
    _clear_pending(doc_name, object_ids)
    return True


def index_data(doc_name, object_id, data) -> bool:
    """Index raw ``data`` as object ``object_id``; False if Elasticsearch must catch up."""
    doc = document(doc_name)
    database_engine().index_data(doc, str(object_id), data)
    return _to_elasticsearch(doc.name, [object_id], lambda e: e.index_data(doc, object_id, data))


def index(doc_name, obj) -> bool:
    doc = document(doc_name)
    data = doc.prepare_any(obj)
    return index_data(doc.name, doc.object_id(obj, data), data)


def bulk_index(doc_name, items) -> bool:
    """Index ``[(object_id, data), …]`` in one go."""
    doc = document(doc_name)
    items = [(str(object_id), data) for object_id, data in items]
    database_engine().bulk_index(doc, items)
    return _to_elasticsearch(doc.name, [i for i, _d in items],
                             lambda e: e.bulk_index(doc, items))


def delete(doc_name, object_id) -> bool:
    doc = document(doc_name)
    database_engine().delete(doc, object_id)
    return _to_elasticsearch(doc.name, [object_id], lambda e: e.delete(doc, object_id))


def current_object(doc, object_id):
    """The searchable object ``object_id`` (public and live), or None."""
    source, pk = doc.source_of(object_id)
    queryset = source.queryset()
    if hasattr(queryset, "filter"):
        try:
            return queryset.filter(pk=pk).first()
        except (ValueError, ValidationError):  # a malformed id: no such object
            return None
    return next((obj for obj in queryset if doc.object_id(obj) == str(object_id)), None)


def sync(doc_name, object_id) -> bool:
    """Bring both engines in line with the object's current state (index or delete)."""
    doc = document(doc_name)
    obj = current_object(doc, object_id)
    if obj is None:
        return delete(doc.name, object_id)
    return index(doc.name, obj)
