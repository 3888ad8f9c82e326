"""Celery tasks of the outbox: deliver one message, and the beat tasks that catch up."""

from celery import shared_task

from . import delivery


@shared_task(name="outbox.deliver", acks_late=True, ignore_result=True)
def deliver_message(message_id):
    return delivery.deliver(message_id)


@shared_task(name="outbox.deliver_many", acks_late=True, ignore_result=True)
def deliver_messages(message_ids):
    """Several messages queued at once (each delivered, or retried, on its own)."""
    return sum(1 for message_id in message_ids if delivery.deliver(message_id))


@shared_task(name="outbox.flush", ignore_result=True)
def flush():
    """Deliver what could not be queued (broker down) and what waits for a retry."""
    return delivery.flush()


@shared_task(name="outbox.purge", ignore_result=True)
def purge():
    return delivery.purge()
