"""Celery tasks of the outbox: deliver one message, and the beat tasks that catch up."""

from celery import shared_task

from . import delivery


@shared_task(name="outbox.deliver", acks_late=True, ignore_result=True)
def deliver_message(message_id):
    return delivery.deliver(message_id)


@shared_task(name="outbox.flush", ignore_result=True)
def flush():
    """Deliver what could not be queued (broker down) and what waits for a retry."""
    return delivery.flush()


@shared_task(name="outbox.purge", ignore_result=True)
def purge():
    return delivery.purge()
