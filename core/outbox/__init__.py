"""The transactional outbox: nothing that must leave the system is lost.

What has to be sent (an email, a domain event for a plugin, a search write)
is written as an ``OutboxMessage`` row in the same transaction as the change
that causes it, so it exists exactly when the change does. Once the
transaction commits, a Celery task is asked to deliver it; if the broker is
down the request still succeeds and the beat task ``outbox.flush`` delivers it
later. Each message has an idempotency key (unique): enqueueing the same key
twice keeps one message, and a delivered message is never delivered again.

    from core import outbox

    @outbox.handler
    def send_reminder(payload, message):
        ...

    outbox.enqueue(send_reminder, {"booking": booking.pk}, key=f"reminder:{booking.pk}")

A handler runs in a transaction with the write that marks its message
delivered: its database effects and the "delivered" mark commit together; an
exception rolls both back and the message is retried with a growing delay.
"""

from core.outbox.delivery import enqueue, handler, message_id_header

__all__ = ["enqueue", "handler", "message_id_header"]
