"""Celery tasks of federation: beat pulls every subscription that is due, one task each."""

from celery import shared_task


@shared_task(name="practice_federation.pull", ignore_result=True)
def pull():
    """Queue a synchronisation of each subscription due (after its interval or backoff)."""
    from . import services

    ids = list(services.due().values_list("pk", flat=True))
    for pk in ids:
        sync_subscription.delay(pk)
    return len(ids)


@shared_task(name="practice_federation.sync", ignore_result=True)
def sync_subscription(subscription_id, pages=None):
    from . import services
    from .models import Subscription

    subscription = Subscription.objects.filter(pk=subscription_id).first()
    if subscription is None:  # unsubscribed meanwhile
        return None
    return services.sync(subscription, pages=pages).summary()


def enqueue_sync(subscription):
    """Synchronise once the current transaction commits (a broker down only delays it:
    the beat task pulls the subscription anyway)."""
    from django.db import transaction

    def send():
        try:
            sync_subscription.delay(subscription.pk)
        except Exception:  # broker unreachable: the next beat run pulls it
            pass

    transaction.on_commit(send)
