"""Indexing tasks: queued after the transaction that changed the content commits."""

from __future__ import annotations

import logging

from celery import shared_task

logger = logging.getLogger("search")

RETRY_DELAYS = (30, 120, 600, 1800, 3600)


@shared_task(bind=True, name="search.sync_object", max_retries=len(RETRY_DELAYS), acks_late=True)
def sync_object(self, doc_name, object_id):
    """Index (or remove) one object in every engine; retried while Elasticsearch is down."""
    from search import api

    try:
        written = api.sync(doc_name, object_id)
    except api.UnknownDocument:
        logger.warning("Search document %r is no longer registered; skipping", doc_name)
        return False
    if not written and not self.request.is_eager:
        # Recorded as a pending write: retry later (the reconcile task also replays it).
        delay = RETRY_DELAYS[min(self.request.retries, len(RETRY_DELAYS) - 1)]
        if self.request.retries < self.max_retries:
            raise self.retry(countdown=delay)
    return written


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
    """After commit, queue the sync of one object (never breaking the caller)."""
    from django.db import transaction

    def send():
        try:
            sync_object.delay(doc_name, str(object_id))
        except Exception as exc:  # broker down: record it, the reconcile task catches up
            logger.warning("Could not queue the indexing of %s:%s (%s); indexing now",
                           doc_name, object_id, exc)
            try:
                from search import api

                api.sync(doc_name, object_id)
            except Exception:
                logger.exception("Indexing %s:%s failed", doc_name, object_id)

    transaction.on_commit(send)
