"""Emails of the charters plugin, sent by Celery once the request's transaction commits."""

from celery import shared_task
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_endorsement_confirmation(endorsement_id, confirm_url, language="fr"):
    """Email the person who endorsed a charter the link that confirms it."""
    from .models import Endorsement
    from .services import endorsement_link_max_age

    endorsement = (Endorsement.objects.select_related("charter")
                   .filter(pk=endorsement_id, confirmed_at__isnull=True).first())
    if endorsement is None:  # confirmed or erased in the meantime: nothing to send
        return
    with translation.override(language):
        context = {"endorsement": endorsement, "charter": endorsement.charter,
                   "confirm_url": confirm_url,
                   "valid_days": endorsement_link_max_age().days}
        subject = render_to_string("charters/emails/endorsement_confirmation_subject.txt",
                                   context).strip()
        body = render_to_string("charters/emails/endorsement_confirmation.txt", context)
    send_mail(subject, body, None, [endorsement.email])


@shared_task
def purge_unconfirmed_endorsements():
    """Erase endorsements never confirmed once their link has expired: keep no stray data."""
    from django.utils import timezone

    from .models import Endorsement
    from .services import endorsement_link_max_age

    deadline = timezone.now() - endorsement_link_max_age()
    deleted, _ = Endorsement.objects.filter(confirmed_at__isnull=True,
                                            created_at__lt=deadline).delete()
    return deleted
