from celery import shared_task

from . import services


@shared_task
def purge_unverified():
    """Delete the accounts whose address nobody verified in time."""
    return services.purge_unverified()
