"""Celery tasks of core."""

from celery import shared_task


@shared_task
def purge_personal_data():
    """Apply every retention rule, core's and the plugins' (core.personal_data)."""
    from core.personal_data import purge_all

    return purge_all()
