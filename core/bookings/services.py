"""Use cases of the sign-up engine: one function each, taking and returning models.

Capacity rule: the party sizes of bookings holding seats (confirmed, offered,
attended, no-show) never add up to more than the offering's capacity. Every
change that takes or frees seats locks the offering row (SELECT … FOR UPDATE on
PostgreSQL; on SQLite the IMMEDIATE transaction already serialises writers),
recounts, then writes, in one transaction.

Every function that changes a booking is idempotent: confirming a confirmed
booking or cancelling a cancelled one returns it unchanged, so double clicks,
replayed links and retried tasks are harmless. Emails and domain events leave
only once the transaction commits.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import DateTimeField, ExpressionWrapper, F, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.events import emit
from core.tokens import InvalidToken, make_token, read_token

from . import conf
from .models import (
    ACTIVE_STATUSES,
    SEAT_HOLDING_STATUSES,
    Booking,
    BookingStatus,
    CancellationReason,
    Offering,
)

CONFIRM_PURPOSE = "bookings.confirm"
MANAGE_PURPOSE = "bookings.manage"
MY_DATA_PURPOSE = "bookings.my-data"


class BookingError(Exception):
    """A use case cannot proceed; ``message`` is safe to show to the person."""

    message = _("This action is not possible.")

    def __init__(self, message=None, booking=None):
        if message is not None:
            self.message = message
        self.booking = booking
        super().__init__(str(self.message))


class RegistrationClosed(BookingError):
    message = _("Sign-ups are not open for this date.")


class PartyTooLarge(BookingError):
    message = _("This group is larger than allowed for this date.")


class AlreadyBooked(BookingError):
    message = _("This email address already has a booking for this date.")


class OfferExpired(BookingError):
    message = _("This seat offer has expired.")


class NotAllowed(BookingError):
    pass


# --- helpers -----------------------------------------------------------------


def _now(now):
    return now or timezone.now()


def _lock(offering_or_pk) -> Offering:
    pk = getattr(offering_or_pk, "pk", offering_or_pk)
    return Offering.objects.select_for_update().get(pk=pk)


def _reload(booking) -> Booking:
    return Booking.objects.select_for_update().select_related("offering").get(pk=booking.pk)


def seats_taken(offering) -> int:
    return (Booking.objects.filter(offering=offering, status__in=SEAT_HOLDING_STATUSES)
            .aggregate(total=Coalesce(Sum("party_size"), 0))["total"])


def notify(booking, kind, **extra):
    """Send the ``kind`` email about ``booking`` once the transaction commits."""
    from .tasks import send_booking_email

    transaction.on_commit(lambda: send_booking_email.delay(booking.pk, kind, extra))


def confirm_token(booking) -> str:
    return make_token(CONFIRM_PURPOSE, [booking.pk, booking.email])


def manage_token(booking) -> str:
    return make_token(MANAGE_PURPOSE, [booking.pk, booking.email])


def my_data_token(email) -> str:
    return make_token(MY_DATA_PURPOSE, normalise_email(email))


def booking_from_token(purpose, token) -> Booking:
    """The booking a confirmation or management link points to; raises TokenError."""
    hours = {CONFIRM_PURPOSE: conf.get("ESSAIM_BOOKINGS_CONFIRM_LINK_HOURS"),
             MANAGE_PURPOSE: 24 * conf.get("ESSAIM_BOOKINGS_MANAGE_LINK_DAYS")}[purpose]
    value = read_token(purpose, token, max_age=timedelta(hours=hours))
    try:
        pk, email = value
    except (TypeError, ValueError) as exc:
        raise InvalidToken() from exc
    booking = (Booking.objects.select_related("offering")
               .filter(pk=pk, email=email, erased_at__isnull=True).first())
    if booking is None:  # erased, or a token forged for someone else's booking
        raise InvalidToken()
    return booking


def email_from_my_data_token(token) -> str:
    hours = conf.get("ESSAIM_BOOKINGS_MY_DATA_LINK_HOURS")
    value = read_token(MY_DATA_PURPOSE, token, max_age=timedelta(hours=hours))
    if not isinstance(value, str):
        raise InvalidToken()
    return value


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


# --- the person's use cases ----------------------------------------------------


def book(offering, *, name, email, party_size=1, phone="", minors=0, guardian_name="",
         accessibility_needs="", answers=None, consent=False, consent_text_version="",
         language="fr", now=None) -> Booking:
    """Record a sign-up waiting for its email confirmation and send the link.

    A pending booking holds no seat: seats are taken on confirmation, so an
    address typed wrongly never blocks a place.
    """
    now = _now(now)
    if not consent:
        raise NotAllowed(_("Consent to the processing of your data is required."))
    if not offering.is_open_for_registration(now):
        raise RegistrationClosed()
    if party_size < 1 or party_size > offering.max_party_size:
        raise PartyTooLarge()
    if minors < 0 or minors > party_size or (minors and not guardian_name.strip()):
        raise NotAllowed(_("Name the adult accompanying the minors."))
    email = normalise_email(email)
    try:
        with transaction.atomic():
            booking = Booking.objects.create(
                offering=offering, name=name.strip(), email=email, phone=phone.strip(),
                party_size=party_size, minors=minors, guardian_name=guardian_name.strip(),
                accessibility_needs=accessibility_needs.strip(), answers=answers or {},
                consent=True, consent_text_version=consent_text_version
                or conf.get("ESSAIM_BOOKINGS_CONSENT_VERSION"),
                language=language or "fr", created_at=now)
    except IntegrityError as exc:
        existing = Booking.objects.filter(offering=offering, email=email,
                                          status__in=ACTIVE_STATUSES,
                                          erased_at__isnull=True).first()
        raise AlreadyBooked(booking=existing) from exc
    notify(booking, "confirm_request")
    return booking


def resend_links(booking) -> Booking:
    """Email the person their links again (used when they try to book twice)."""
    kind = "confirm_request" if booking.status == BookingStatus.PENDING else "already_booked"
    notify(booking, kind)
    return booking


def confirm(booking, now=None) -> Booking:
    """Confirm a pending booking: a seat if the party fits, else the waitlist."""
    now = _now(now)
    with transaction.atomic():
        offering = _lock(booking.offering_id)
        booking = _reload(booking)
        if booking.status != BookingStatus.PENDING:
            return booking
        if offering.is_cancelled or now >= offering.starts_at:
            raise RegistrationClosed()
        if seats_taken(offering) + booking.party_size <= offering.capacity:
            booking.status, booking.confirmed_at = BookingStatus.CONFIRMED, now
            booking.save(update_fields=["status", "confirmed_at"])
            emit("booking_confirmed", booking=booking)
            notify(booking, "confirmed")
        else:
            booking.status, booking.waitlisted_at = BookingStatus.WAITLISTED, now
            booking.save(update_fields=["status", "waitlisted_at"])
            notify(booking, "waitlisted")
    return booking


def cancel(booking, reason=CancellationReason.PERSON, now=None, send_email=True) -> Booking:
    """Cancel an active booking; its seats are offered to the waitlist."""
    now = _now(now)
    with transaction.atomic():
        offering = _lock(booking.offering_id)
        booking = _reload(booking)
        if booking.status not in ACTIVE_STATUSES:
            return booking
        held_seats = booking.holds_seats
        booking.status, booking.cancelled_at = BookingStatus.CANCELLED, now
        booking.cancellation_reason = reason
        booking.save(update_fields=["status", "cancelled_at", "cancellation_reason"])
        emit("booking_cancelled", booking=booking)
        if send_email:
            notify(booking, "cancelled")
        if held_seats:
            _offer_free_seats(offering, now)
    return booking


def offer_next(offering, now=None) -> list[Booking]:
    """Offer free seats to the waitlist, in order, to each party that fits."""
    now = _now(now)
    with transaction.atomic():
        return _offer_free_seats(_lock(offering), now)


def _offer_free_seats(offering, now) -> list[Booking]:
    if offering.is_cancelled or now >= offering.starts_at:
        return []
    free = offering.capacity - seats_taken(offering)
    offered = []
    expiry = min(now + timedelta(hours=offering.offer_validity_hours), offering.starts_at)
    waitlist = (Booking.objects.select_for_update()
                .filter(offering=offering, status=BookingStatus.WAITLISTED)
                .order_by("waitlisted_at", "pk"))
    for candidate in waitlist:
        if free <= 0:
            break
        if candidate.party_size > free:
            continue
        candidate.status, candidate.offered_at = BookingStatus.OFFERED, now
        candidate.offer_expires_at = expiry
        candidate.save(update_fields=["status", "offered_at", "offer_expires_at"])
        free -= candidate.party_size
        emit("waitlist_offer_sent", booking=candidate)
        notify(candidate, "offer")
        offered.append(candidate)
    return offered


def accept_offer(booking, now=None) -> Booking:
    """Turn a seat offer into a confirmed booking, if it has not expired."""
    now = _now(now)
    expired = False
    with transaction.atomic():
        offering = _lock(booking.offering_id)
        booking = _reload(booking)
        if booking.status == BookingStatus.CONFIRMED:
            return booking
        if booking.status != BookingStatus.OFFERED:
            raise NotAllowed(_("There is no seat offer to accept on this booking."),
                             booking=booking)
        if booking.offer_expires_at <= now:
            _expire_locked(offering, booking, now)
            expired = True
        else:
            booking.status, booking.confirmed_at = BookingStatus.CONFIRMED, now
            booking.save(update_fields=["status", "confirmed_at"])
            emit("booking_confirmed", booking=booking)
            notify(booking, "confirmed")
    if expired:
        raise OfferExpired(booking=booking)
    return booking


def expire_offer(booking, now=None) -> Booking:
    """End an offer whose time is up and pass the seats on to the next in line."""
    now = _now(now)
    with transaction.atomic():
        offering = _lock(booking.offering_id)
        booking = _reload(booking)
        if booking.status == BookingStatus.OFFERED and booking.offer_expires_at <= now:
            _expire_locked(offering, booking, now)
    return booking


def _expire_locked(offering, booking, now):
    booking.status, booking.cancelled_at = BookingStatus.CANCELLED, now
    booking.cancellation_reason = CancellationReason.OFFER_EXPIRED
    booking.save(update_fields=["status", "cancelled_at", "cancellation_reason"])
    notify(booking, "offer_expired")
    _offer_free_seats(offering, now)


def expire_offers(now=None) -> int:
    """Expire every offer whose time is up; returns how many expired."""
    now = _now(now)
    due = Booking.objects.filter(status=BookingStatus.OFFERED, offer_expires_at__lte=now)
    count = 0
    for booking in due.order_by("offer_expires_at", "pk"):
        if expire_offer(booking, now).cancellation_reason == CancellationReason.OFFER_EXPIRED:
            count += 1
    return count


def record_feedback(booking, rating, comment="", now=None) -> Booking:
    """Keep the person's rating (1–5) and comment after the event, once."""
    now = _now(now)
    with transaction.atomic():
        booking = _reload(booking)
        if booking.feedback_at is not None:
            return booking
        if not booking.can_give_feedback:
            raise NotAllowed(_("Feedback can be given once, after the event."), booking=booking)
        booking.feedback_rating, booking.feedback_comment = int(rating), comment.strip()
        booking.feedback_at = now
        booking.save(update_fields=["feedback_rating", "feedback_comment", "feedback_at"])
    return booking


# --- organisers' use cases -------------------------------------------------------


def mark_attendance(booking, attended: bool, now=None) -> Booking:
    """Mark a confirmed person as present or absent (from one hour before the start)."""
    now = _now(now)
    with transaction.atomic():
        booking = _reload(booking)
        if booking.status not in (BookingStatus.CONFIRMED, BookingStatus.ATTENDED,
                                  BookingStatus.NO_SHOW):
            raise NotAllowed(_("Only confirmed participants can be marked present or absent."),
                             booking=booking)
        if now < booking.offering.starts_at - timedelta(hours=1):
            raise NotAllowed(_("Attendance can be marked from one hour before the start."),
                             booking=booking)
        status = BookingStatus.ATTENDED if attended else BookingStatus.NO_SHOW
        if booking.status == status:
            return booking
        booking.status, booking.attendance_marked_at = status, now
        booking.save(update_fields=["status", "attendance_marked_at"])
        if attended:
            emit("booking_attended", booking=booking)
    return booking


def cancel_offering(offering, message="", now=None) -> Offering:
    """Cancel a date: every active booking is cancelled and told, offers are withdrawn."""
    now = _now(now)
    with transaction.atomic():
        offering = _lock(offering)
        if offering.is_cancelled:
            return offering
        offering.cancelled_at, offering.cancellation_message = now, message.strip()
        offering.save(update_fields=["cancelled_at", "cancellation_message"])
        for booking in offering.bookings.select_for_update().filter(status__in=ACTIVE_STATUSES):
            booking.status, booking.cancelled_at = BookingStatus.CANCELLED, now
            booking.cancellation_reason = CancellationReason.OFFERING_CANCELLED
            booking.save(update_fields=["status", "cancelled_at", "cancellation_reason"])
            emit("booking_cancelled", booking=booking)
            notify(booking, "offering_cancelled")
    return offering


def message_participants(offering, subject, body) -> int:
    """Email every confirmed participant an organiser's message; returns how many."""
    recipients = list(offering.bookings.filter(status=BookingStatus.CONFIRMED,
                                               erased_at__isnull=True))
    for booking in recipients:
        notify(booking, "message", subject=subject.strip(), body=body.strip())
    return len(recipients)


# --- scheduled tasks ------------------------------------------------------------------


def send_due_reminders(now=None) -> int:
    """Send each confirmed person one reminder, ``reminder_delay`` before the start."""
    now = _now(now)
    remind_from = ExpressionWrapper(F("offering__starts_at") - F("offering__reminder_delay"),
                                    output_field=DateTimeField())
    due = (Booking.objects.filter(status=BookingStatus.CONFIRMED, reminder_sent_at__isnull=True,
                                  erased_at__isnull=True, offering__cancelled_at__isnull=True,
                                  offering__starts_at__gt=now)
           .annotate(remind_from=remind_from).filter(remind_from__lte=now))
    sent = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            # The conditional update is the guard: two beat runs, or a retried
            # task, cannot both win it, so the reminder goes out exactly once.
            won = Booking.objects.filter(pk=pk, reminder_sent_at__isnull=True,
                                         status=BookingStatus.CONFIRMED).update(
                reminder_sent_at=now)
            if won:
                notify(Booking(pk=pk), "reminder")
                sent += 1
    return sent


def send_due_feedback_requests(now=None) -> int:
    """After the event, ask each participant once for a rating and a comment."""
    now = _now(now)
    due = Booking.objects.filter(
        status__in=[BookingStatus.CONFIRMED, BookingStatus.ATTENDED],
        feedback_requested_at__isnull=True, erased_at__isnull=True,
        offering__cancelled_at__isnull=True, offering__ends_at__lte=now,
        offering__ends_at__gt=now - timedelta(days=14))
    sent = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            if Booking.objects.filter(pk=pk, feedback_requested_at__isnull=True).update(
                    feedback_requested_at=now):
                notify(Booking(pk=pk), "feedback")
                sent += 1
    return sent


PERSONAL_FIELDS = {"name": "", "email": "", "phone": "", "guardian_name": "",
                   "accessibility_needs": "", "answers": {}, "feedback_comment": ""}


def purge_personal_data(now=None) -> int:
    """Erase the personal data of bookings whose offering ended a retention period ago.

    Statuses, party sizes and ratings stay, so attendance counts survive.
    """
    now = _now(now)
    return Booking.objects.filter(offering__ends_at__lt=now - conf.retention(),
                                  erased_at__isnull=True).update(erased_at=now,
                                                                  **PERSONAL_FIELDS)


# --- the person's data ----------------------------------------------------------------


def bookings_of(email):
    return (Booking.objects.filter(email=normalise_email(email), erased_at__isnull=True)
            .select_related("offering").order_by("created_at", "pk"))


def export_personal_data(email) -> dict:
    """Everything kept about an email address, as JSON-serialisable data."""
    def when(value):
        return value.isoformat() if value else None

    return {
        "email": normalise_email(email),
        "exported_at": timezone.now().isoformat(),
        "retention_days": conf.get("ESSAIM_BOOKINGS_RETENTION_DAYS"),
        "bookings": [{
            "offering": booking.offering.title,
            "starts_at": when(booking.offering.starts_at),
            "status": booking.status,
            "name": booking.name, "email": booking.email, "phone": booking.phone,
            "party_size": booking.party_size, "minors": booking.minors,
            "guardian_name": booking.guardian_name,
            "accessibility_needs": booking.accessibility_needs,
            "answers": booking.answers,
            "consent": booking.consent, "consent_text_version": booking.consent_text_version,
            "created_at": when(booking.created_at), "confirmed_at": when(booking.confirmed_at),
            "cancelled_at": when(booking.cancelled_at),
            "feedback_rating": booking.feedback_rating,
            "feedback_comment": booking.feedback_comment,
        } for booking in bookings_of(email)],
    }


def erase_personal_data(email, now=None) -> int:
    """Cancel the person's upcoming bookings (freeing their seats) and erase their data."""
    now = _now(now)
    erased = 0
    for booking in bookings_of(email):
        if booking.is_active:
            cancel(booking, reason=CancellationReason.ERASED, now=now, send_email=False)
        erased += Booking.objects.filter(pk=booking.pk, erased_at__isnull=True).update(
            erased_at=now, **PERSONAL_FIELDS)
    return erased
