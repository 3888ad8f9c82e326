"""Celery tasks of core."""

from celery import shared_task

from core.notifications import deliver_templated_email


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_templated_email(self, template_prefix, recipients, context, language="fr"):
    """Render and send one email; retried on network errors (SMTP down)."""
    deliver_templated_email(template_prefix, recipients, context, language)
