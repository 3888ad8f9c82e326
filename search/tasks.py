"""Indexing: each change writes an outbox message, delivered once the transaction commits.

The message brings both engines in line with the object (index or delete). While
Elasticsearch is unreachable the database engine is still written and the
object is recorded as a PendingWrite, which the reconcile task replays.
"""

from __future__ import annotations

import logging

from celery import shared_task

from core import outbox

logger = logging.getLogger("search")


@outbox.handler
def deliver_sync(payload, message=None):
    """Index (or remove) one object in every engine."""
    from search import api

    try:
        return api.sync(payload["doc"], payload["id"])
    except api.UnknownDocument:
        logger.warning("Search document %r is no longer registered; skipping", payload["doc"])
        return False


@shared_task(name="search.reconcile")
def reconcile(limit=5000):
    """Replay the Elasticsearch writes that failed while it was unreachable."""
    from search import api
    from search.models import PendingWrite

    if not api.elasticsearch_configured():
        PendingWrite.objects.all().delete()
        return 0
    done = 0
    for pending in PendingWrite.objects.order_by("created")[:limit]:
        try:
            written = api.sync(pending.doc_type, pending.object_id)
        except api.UnknownDocument:
            pending.delete()
            continue
        if not written:
            break  # still unreachable: keep the rest for the next run
        done += 1
    return done


def enqueue_sync(doc_name, object_id):
    """Sync one object with the search engines once the current transaction commits."""
    outbox.enqueue(deliver_sync, {"doc": doc_name, "id": str(object_id)})


@outbox.handler
def deliver_thesaurus(payload, message=None):
    """Give the Elasticsearch indexes the thesaurus as it is now (no reindex)."""
    from search import api

    if not api.elasticsearch_configured():
        return False
    return bool(api.elasticsearch_engine().update_synonyms())


def enqueue_thesaurus():
    """Apply the thesaurus to Elasticsearch once the current transaction commits."""
    outbox.enqueue(deliver_thesaurus, {})


@shared_task(name="search.purge_query_log")
def purge_query_log():
    """Forget the weekly query counts older than ESSAIM_SEARCH_QUERY_LOG_WEEKS."""
    from search import querylog

    return querylog.purge()
