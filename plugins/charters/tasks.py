"""Emails of the charters plugin, sent by Celery once the request's transaction commits."""

from core import outbox
from core.notifications import render_templated_email


@outbox.handler
def deliver_endorsement_confirmation(payload, message=None):
    """Email the person who endorsed a charter the link that confirms it."""
    from .models import Endorsement
    from .services import endorsement_link_max_age

    endorsement = (Endorsement.objects.select_related("charter")
                   .filter(pk=payload["endorsement"], confirmed_at__isnull=True).first())
    if endorsement is None:  # confirmed or erased in the meantime: nothing to send
        return
    context = {"endorsement": endorsement, "charter": endorsement.charter,
               "confirm_url": payload["url"], "valid_days": endorsement_link_max_age().days}
    email = render_templated_email("charters/emails/endorsement_confirmation",
                                   [endorsement.email], context, payload.get("language") or "fr")
    if message is not None:
        email.extra_headers.update(outbox.message_id_header(message))
    email.send()
