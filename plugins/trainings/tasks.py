"""Celery tasks of trainings: certificates are made by workers, never in a request."""

from celery import shared_task
from django.db import transaction

from core.bookings.models import Booking
from core.notifications import send_email_on_commit

from . import services
from .models import CertificateKind


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def issue_attendance_certificate(booking_id):
    """Issue the attestation of an attended booking, then any learning path it completes."""
    booking = Booking.objects.filter(pk=booking_id).first()
    if booking is None:
        return None
    with transaction.atomic():
        certificate = services.issue_attendance_certificate(booking)
        if certificate is None:
            return None
        if certificate.kind == CertificateKind.ATTENDANCE and certificate.session_id:
            send_email_on_commit("trainings/emails/certificate", [booking.email],
                                 {"name": booking.name, "title": certificate.training_title,
                                  "code": certificate.code,
                                  "url": _page_url(booking)}, language=booking.language)
        for path_id in services.paths_containing(certificate.session.module_id).values_list(
                "pk", flat=True):
            transaction.on_commit(lambda path_id=path_id: issue_completion_certificate.delay(
                path_id, booking.email, booking.name, booking.language))
    return certificate.code


def _page_url(booking):
    from django.urls import reverse

    from core.bookings import conf
    from core.bookings.services import manage_token

    return conf.base_url() + reverse("trainings:my_booking", args=[manage_token(booking)])


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def issue_completion_certificate(path_id, email, name, language="fr"):
    from .models import LearningPathPage

    path = LearningPathPage.objects.filter(pk=path_id).first()
    if path is None:
        return None
    certificate = services.issue_completion_certificate(path, email, name, language)
    return certificate.code if certificate else None
