"""Emails of the charters plugin, sent by Celery once the request's transaction commits."""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from core import outbox


@outbox.handler
def deliver_endorsement_confirmation(payload, message=None):
    """Email the person who endorsed a charter the link that confirms it."""
    from .models import Endorsement
    from .services import endorsement_link_max_age

    endorsement = (Endorsement.objects.select_related("charter")
                   .filter(pk=payload["endorsement"], confirmed_at__isnull=True).first())
    if endorsement is None:  # confirmed or erased in the meantime: nothing to send
        return
    with translation.override(payload.get("language") or "fr"):
        context = {"endorsement": endorsement, "charter": endorsement.charter,
                   "confirm_url": payload["url"],
                   "valid_days": endorsement_link_max_age().days}
        subject = " ".join(render_to_string(
            "charters/emails/endorsement_confirmation_subject.txt", context).split())
        body = render_to_string("charters/emails/endorsement_confirmation.txt", context)
    email = EmailMessage(subject, body, to=[endorsement.email])
    if message is not None:
        email.extra_headers.update(outbox.message_id_header(message))
    email.send()
