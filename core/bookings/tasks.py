"""Celery tasks of the sign-up engine: emails, and the beat tasks that keep time."""

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from . import conf, ics, services
from .models import Booking, BookingStatus

# An email about a state is sent only if the booking is still in it when the
# task runs: a confirmation link is pointless once the booking is cancelled.
STILL_RELEVANT = {
    "confirm_request": {BookingStatus.PENDING},
    "confirmed": {BookingStatus.CONFIRMED},
    "waitlisted": {BookingStatus.WAITLISTED},
    "offer": {BookingStatus.OFFERED},
    "reminder": {BookingStatus.CONFIRMED},
    "feedback": {BookingStatus.CONFIRMED, BookingStatus.ATTENDED},
    "message": {BookingStatus.CONFIRMED},
}


def absolute(path):
    return conf.base_url() + path


def manage_url(booking):
    return absolute(reverse("bookings:manage", args=[services.manage_token(booking)]))


def booking_email(booking, kind, extra=None) -> EmailMultiAlternatives:
    """Render the ``kind`` email about a booking, in the person's language."""
    offering = booking.offering
    with translation.override(booking.language or "fr"):
        context = {
            "booking": booking, "offering": offering, "extra": extra or {},
            "manage_url": manage_url(booking),
            "page_url": absolute(offering.page_url) if offering.page_url else "",
            "my_data_url": absolute(reverse("bookings:my_data")),
            "retention_days": conf.get("ESSAIM_BOOKINGS_RETENTION_DAYS"),
        }
        if kind == "confirm_request":
            context["confirm_url"] = absolute(reverse("bookings:confirm",
                                                      args=[services.confirm_token(booking)]))
            context["confirm_hours"] = conf.get("ESSAIM_BOOKINGS_CONFIRM_LINK_HOURS")
        prefix = f"bookings/emails/{kind}"
        subject = " ".join(render_to_string(f"{prefix}_subject.txt", context).split())
        body = render_to_string(f"{prefix}.txt", context)
    message = EmailMultiAlternatives(subject=subject, body=body, to=[booking.email])
    if kind in ("confirmed", "reminder"):
        message.attach("rendez-vous.ics", ics.calendar_for([offering]),
                       "text/calendar; charset=utf-8; method=PUBLISH")
    return message


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_booking_email(booking_id, kind, extra=None):
    """Send one email about a booking, if it still makes sense when the task runs."""
    booking = (Booking.objects.select_related("offering")
               .filter(pk=booking_id, erased_at__isnull=True).first())
    if booking is None or not booking.email:
        return False
    if kind in STILL_RELEVANT and booking.status not in STILL_RELEVANT[kind]:
        return False
    booking_email(booking, kind, extra).send()
    return True


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_my_data_link(email, language="fr"):
    """Email a link to see, export or erase the data kept about an address."""
    if not services.bookings_of(email).exists():
        return False  # nothing kept: no email, and the page said the same either way
    token = services.my_data_token(email)
    with translation.override(language):
        context = {"url": absolute(reverse("bookings:my_data_manage", args=[token])),
                   "hours": conf.get("ESSAIM_BOOKINGS_MY_DATA_LINK_HOURS")}
        subject = " ".join(render_to_string("bookings/emails/my_data_subject.txt",
                                            context).split())
        body = render_to_string("bookings/emails/my_data.txt", context)
    EmailMultiAlternatives(subject=subject, body=body, to=[email]).send()
    return True


@shared_task
def send_due_reminders():
    return services.send_due_reminders(timezone.now())


@shared_task
def expire_offers():
    return services.expire_offers(timezone.now())


@shared_task
def send_due_feedback_requests():
    return services.send_due_feedback_requests(timezone.now())


@shared_task
def purge_personal_data():
    return services.purge_personal_data(timezone.now())
