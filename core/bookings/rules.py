"""The sign-up engine's rules, in one place: services enforce them, views and templates
only ask. Nothing here writes."""

from datetime import timedelta

from django.utils import timezone

from .models import ACTIVE_STATUSES, BookingStatus

# Attendance can be marked from this long before the start.
ATTENDANCE_OPENS_BEFORE = timedelta(hours=1)
# Only people who confirmed can be marked present or absent (and changed afterwards).
MARKABLE_STATUSES = (BookingStatus.CONFIRMED, BookingStatus.ATTENDED, BookingStatus.NO_SHOW)
# Statuses whose holders are told when the date, time or place changes.
TOLD_OF_CHANGES = (BookingStatus.PENDING, BookingStatus.CONFIRMED, BookingStatus.WAITLISTED,
                   BookingStatus.OFFERED)


def _now(now):
    return now or timezone.now()


def has_started(offering, now=None) -> bool:
    return _now(now) >= offering.starts_at


def person_can_cancel(booking, now=None) -> bool:
    """A person cancels their own active booking until the event starts."""
    return booking.status in ACTIVE_STATUSES and not has_started(booking.offering, now)


def attendance_opens_at(offering):
    return offering.starts_at - ATTENDANCE_OPENS_BEFORE


def attendance_is_open(offering, now=None) -> bool:
    return _now(now) >= attendance_opens_at(offering)


def can_be_marked(booking) -> bool:
    return booking.status in MARKABLE_STATUSES and booking.erased_at is None
