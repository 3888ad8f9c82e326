"""Emails: rendered from templates, sent by a Celery task once the transaction commits.

A view never sends mail itself: if the request's transaction rolls back, no
email about it leaves, and a slow mail server never slows a page down.
"""

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation


def deliver_templated_email(template_prefix, recipients, context, language="fr"):
    """Render ``<prefix>_subject.txt``, ``<prefix>.txt`` and optional ``<prefix>.html``."""
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
        body = render_to_string(f"{template_prefix}.txt", context)
        message = EmailMultiAlternatives(subject=subject, body=body, to=list(recipients))
        try:
            html = render_to_string(f"{template_prefix}.html", context)
        except TemplateDoesNotExist:  # the HTML part is optional
            html = None
        if html:
            message.attach_alternative(html, "text/html")
        message.send()


def send_email_on_commit(template_prefix, recipients, context, language=None):
    """Queue a templated email to leave only if the current transaction commits.

    ``context`` must be JSON-serialisable: it travels through the broker.
    """
    from core.tasks import send_templated_email

    language = language or translation.get_language() or "fr"
    transaction.on_commit(lambda: send_templated_email.delay(
        template_prefix, list(recipients), context, language))
