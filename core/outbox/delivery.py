"""Writing, delivering and retrying outbox messages."""

from __future__ import annotations

import atexit
import hashlib
import logging
import os
import queue
import threading
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger("essaim.outbox")

CLAIM = timedelta(minutes=10)  # a crashed delivery is retried after this
MAX_ATTEMPTS = 10  # with the delays below: about eight hours before giving up
FIRST_RETRY_SECONDS = 30
LONGEST_RETRY_SECONDS = 2 * 60 * 60
FLUSH_BATCH = 500


def handler(function):
    """Mark ``function(payload, message)`` as an outbox handler (only those are run)."""
    function.outbox_handler = f"{function.__module__}.{function.__qualname__}"
    return function


def _path(function_or_path) -> str:
    if isinstance(function_or_path, str):
        return function_or_path
    path = getattr(function_or_path, "outbox_handler", None)
    if path is None:
        raise ValueError(f"{function_or_path!r} is not decorated with @outbox.handler")
    return path


def enqueue(function_or_path, payload: dict, key: str | None = None):
    """Record a message in the current transaction; delivery starts once it commits.

    ``payload`` must be JSON-serialisable. With ``key``, a message already
    recorded under that key is returned instead of a second one.
    """
    from .models import OutboxMessage

    message = OutboxMessage(handler=_path(function_or_path), payload=payload)
    if key is not None:
        message.key = key[:255]
    # One statement whatever the key: a key already recorded (by this transaction, a
    # committed one or one committing at this moment) inserts nothing and raises nothing,
    # so no savepoint is needed around it.
    pk = _insert_once(message)
    if pk is None:
        return OutboxMessage.objects.get(key=message.key)
    message.pk = message.id = pk
    message._state.adding, message._state.db = False, transaction.get_connection().alias
    kick_on_commit(pk)
    return message


def _insert_once(message):
    """INSERT … ON CONFLICT (key) DO NOTHING: the new row's primary key, or None when the
    key was already taken (RETURNING where the database has it, else SQLite's rowid)."""
    connection = transaction.get_connection()
    meta = message._meta
    fields = [f for f in meta.local_concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    values = [f.get_db_prep_save(f.pre_save(message, True), connection) for f in fields]
    returning = connection.features.can_return_columns_from_insert
    sql = (f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))}) "
           f"ON CONFLICT ({quote(meta.get_field('key').column)}) DO NOTHING"
           + (f" RETURNING {quote(meta.pk.column)}" if returning else ""))
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        if not returning:
            return cursor.lastrowid if cursor.rowcount == 1 else None
        row = cursor.fetchone()
    return row[0] if row else None


def kick_on_commit(message_id):
    """Queue ``message_id`` once the transaction commits (with a broker, the publisher
    thread sends it with the other ids that came in meanwhile)."""
    transaction.on_commit(lambda: kick(message_id))


def kick(message_ids):
    """Ask a worker to deliver now; if the broker is down, the flush task will.

    With a broker, the request does not wait for it: the ids go to this process's
    publisher thread (``_publisher``), which queues what accumulated meanwhile in one
    task. With eager Celery (tests, the embedded default) delivery runs here and now."""
    if isinstance(message_ids, int):
        message_ids = [message_ids]
    if settings.CELERY_TASK_ALWAYS_EAGER:
        _publish(list(message_ids))
    else:
        _publisher.put(list(message_ids))


def _publish(message_ids):
    from .tasks import deliver_message, deliver_messages

    try:
        if len(message_ids) == 1:
            deliver_message.apply_async((message_ids[0],), retry=False)
        else:
            deliver_messages.apply_async((message_ids,), retry=False)
    except Exception as exc:  # broker unreachable: the rows wait for the next flush
        logger.warning("Outbox messages %s could not be queued (%s: %s); they will be "
                       "delivered by the next flush.", ", ".join(map(str, message_ids)),
                       exc.__class__.__name__, exc)


class _Publisher:
    """One thread per process queues the kicks of every request thread, a batch at a time:
    under a rush of sign-ups one broker message carries the ids that came in while the
    last one was sent, and no request waits for the broker. Ids still waiting when the
    process exits are sent then; a process killed outright leaves them to the flush
    task (their rows are committed)."""

    BATCH = 200

    def __init__(self):
        self.queue = queue.SimpleQueue()
        self.lock = threading.Lock()
        self.thread = None
        self.pid = None

    def put(self, message_ids):
        self.queue.put(message_ids)
        if self.thread is None or self.pid != os.getpid() or not self.thread.is_alive():
            with self.lock:  # started lazily: a forked worker needs its own
                if self.thread is None or self.pid != os.getpid() or not self.thread.is_alive():
                    self.pid = os.getpid()
                    self.thread = threading.Thread(target=self._run, daemon=True,
                                                   name="essaim-outbox-publisher")
                    self.thread.start()

    def _batch(self, block=True):
        try:
            ids = list(self.queue.get(block=block))
        except queue.Empty:
            return []
        while len(ids) < self.BATCH:
            try:
                ids += self.queue.get_nowait()
            except queue.Empty:
                break
        return ids

    def _run(self):
        while True:
            ids = self._batch()
            try:
                _publish(ids)
            except Exception:  # never let the thread die
                logger.exception("Outbox publisher failed on %s", ids)

    def drain(self):
        """Send what is still waiting (at exit)."""
        if self.pid != os.getpid():
            return
        while ids := self._batch(block=False):
            _publish(ids)


_publisher = _Publisher()
atexit.register(_publisher.drain)


def retry_delay(attempts: int) -> timedelta:
    seconds = FIRST_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, LONGEST_RETRY_SECONDS))


def _due(now):
    from .models import OutboxMessage

    return (OutboxMessage.objects.filter(delivered_at__isnull=True, failed_at__isnull=True,
                                         available_at__lte=now)
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)))


def deliver(message_id, now=None) -> bool:
    """Deliver one message if it is due and nobody else is delivering it; True if done."""
    from .models import OutboxMessage

    now = now or timezone.now()
    # The conditional update is the claim: two workers cannot both win it.
    if not _due(now).filter(pk=message_id).update(claimed_until=now + CLAIM,
                                                  attempts=F("attempts") + 1):
        return False
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        function = import_string(message.handler)
        if getattr(function, "outbox_handler", None) != message.handler:
            raise ValueError(f"{message.handler} is not an outbox handler")
        with transaction.atomic():
            function(message.payload, message)
            OutboxMessage.objects.filter(pk=message.pk).update(
                delivered_at=timezone.now(), claimed_until=None, last_error="")
    except Exception as exc:
        gave_up = message.attempts >= MAX_ATTEMPTS
        OutboxMessage.objects.filter(pk=message.pk).update(
            claimed_until=None, last_error=f"{exc.__class__.__name__}: {exc}"[:2000],
            available_at=now + retry_delay(message.attempts),
            failed_at=now if gave_up else None)
        log = logger.error if gave_up else logger.warning
        log("Outbox message %s (%s) failed on attempt %s%s: %s", message.pk, message.handler,
            message.attempts, ", giving up" if gave_up else "", exc.__class__.__name__)
        return False
    return True


def flush(now=None, limit=FLUSH_BATCH) -> int:
    """Deliver what is due (messages never queued, or waiting for a retry)."""
    now = now or timezone.now()
    ids = list(_due(now).order_by("available_at", "pk").values_list("pk", flat=True)[:limit])
    return sum(1 for pk in ids if deliver(pk, now=now))


def purge(now=None) -> int:
    """Forget delivered messages after a few days: their payloads may name people."""
    from .models import OutboxMessage

    now = now or timezone.now()
    days = getattr(settings, "ESSAIM_OUTBOX_RETENTION_DAYS", 7)
    deleted, _ = OutboxMessage.objects.filter(
        Q(delivered_at__lt=now - timedelta(days=days))
        | Q(failed_at__lt=now - timedelta(days=days * 4))).delete()
    return deleted


def retry_now(queryset) -> int:
    """Give failed or waiting messages a new round of attempts, starting now."""
    ids = list(queryset.filter(delivered_at__isnull=True).values_list("pk", flat=True))
    queryset.model.objects.filter(pk__in=ids).update(failed_at=None, attempts=0,
                                                     available_at=timezone.now(),
                                                     claimed_until=None)
    for pk in ids:
        kick_on_commit(pk)
    return len(ids)


def backlog(now=None) -> dict:
    """What /healthz reports: how much waits, how old the oldest is, how much failed."""
    from django.db.models import Count, Min

    from .models import OutboxMessage

    now = now or timezone.now()
    waiting = OutboxMessage.objects.filter(delivered_at__isnull=True, failed_at__isnull=True)
    stats = waiting.aggregate(count=Count("pk"), oldest=Min("created_at"))
    failed = OutboxMessage.objects.filter(failed_at__isnull=False).count()
    oldest = int((now - stats["oldest"]).total_seconds()) if stats["oldest"] else 0
    return {"pending": stats["count"], "oldest_seconds": oldest, "failed": failed}


def message_id_header(message) -> dict:
    """A Message-ID derived from the idempotency key: a resent email keeps its identity,
    so mail servers and clients can tell a retry from a new message."""
    from urllib.parse import urlsplit

    from core.links import public_base_url

    digest = hashlib.sha256(str(message.key).encode()).hexdigest()[:40]
    domain = urlsplit(public_base_url()).hostname or "essaim.localhost"
    return {"Message-ID": f"<{digest}@{domain}>"}
