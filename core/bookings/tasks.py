"""Emails of the sign-up engine (delivered through the outbox) and the beat tasks that
keep time."""

from celery import shared_task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime

from core import outbox
from core.links import absolute_url
from core.notifications import render_templated_email

from . import conf, ics, services
from .models import Booking, BookingStatus

# An email about a state is sent only if the booking is still in it when the
# message is delivered: a confirmation link is pointless once the booking is cancelled.
STILL_RELEVANT = {
    "confirm_request": {BookingStatus.PENDING},
    "confirmed": {BookingStatus.CONFIRMED},
    "waitlisted": {BookingStatus.WAITLISTED},
    "offer": {BookingStatus.OFFERED},
    "reminder": {BookingStatus.CONFIRMED},
    "feedback": {BookingStatus.CONFIRMED, BookingStatus.ATTENDED},
    "message": {BookingStatus.CONFIRMED},
    "changed": {BookingStatus.PENDING, BookingStatus.CONFIRMED, BookingStatus.WAITLISTED,
                BookingStatus.OFFERED},
}
# The calendar file travels with these.
WITH_CALENDAR = {"confirmed", "reminder", "changed"}


def manage_url(booking):
    return absolute_url(reverse("bookings:manage", args=[services.manage_token(booking)]))


def _templates(owner, kind, suffix):
    """The owning plugin's template first (``<app_label>/emails/<kind>…``), then the engine's."""
    names = [f"bookings/emails/{kind}{suffix}"]
    if owner is not None:
        names.insert(0, f"{owner._meta.app_label}/emails/{kind}{suffix}")
    return names


def booking_email(booking, kind, extra=None):
    """Render the ``kind`` email about a booking, in the person's language."""
    offering = booking.offering
    owner = offering.owner
    with translation.override(booking.language or "fr"):
        context = {
            "booking": booking, "offering": offering, "extra": extra or {},
            "manage_url": manage_url(booking),
            "page_url": absolute_url(offering.page_url) if offering.page_url else "",
            "my_data_url": absolute_url(reverse("personal_data:request")),
            "retention_days": conf.get("ESSAIM_BOOKINGS_RETENTION_DAYS"),
        }
        if kind == "confirm_request":
            context["confirm_url"] = absolute_url(reverse(
                "bookings:confirm", args=[services.confirm_token(booking)]))
            context["confirm_hours"] = conf.get("ESSAIM_BOOKINGS_CONFIRM_LINK_HOURS")
            context["joins_waitlist"] = offering.is_full_for(booking.party_size)
        before = context["extra"].get("before") or {}
        for name in ("starts_at", "ends_at"):
            if before.get(name):
                context[f"before_{name}"] = parse_datetime(before[name])
        context["details_templates"] = _templates(owner, "_details", ".txt")
        if owner is not None:
            context.update(owner.booking_email_context(booking, kind))
    message = render_templated_email(_templates(owner, kind, ""), [booking.email], context,
                                     booking.language or "fr")
    if kind in WITH_CALENDAR:
        message.attach("rendez-vous.ics", ics.calendar_for([offering]),
                       "text/calendar; charset=utf-8; method=PUBLISH")
    return message


@outbox.handler
def deliver_booking_email(payload, message=None):
    """Send one email about a booking, if it still makes sense now."""
    booking = (Booking.objects.select_related("offering")
               .filter(pk=payload["booking"], erased_at__isnull=True).first())
    kind = payload["kind"]
    if booking is None or not booking.email:
        return False
    if kind in STILL_RELEVANT and booking.status not in STILL_RELEVANT[kind]:
        return False
    email = booking_email(booking, kind, payload.get("extra"))
    if message is not None:
        email.extra_headers.update(outbox.message_id_header(message))
    email.send()
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

