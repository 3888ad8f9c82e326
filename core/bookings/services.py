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
from django.utils.translation import ngettext

from core import outbox, pagecache
from core.events import emit
from core.tokens import InvalidToken, digest_matches, email_digest, make_token, read_token

from . import conf, rules
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


class CapacityBelowSeatsTaken(BookingError):
    message = _("The capacity cannot be lower than the seats already taken.")


# --- helpers -----------------------------------------------------------------


def _now(now):
    return now or timezone.now()


def _lock(offering_or_pk) -> Offering:
    pk = getattr(offering_or_pk, "pk", offering_or_pk)
    return Offering.objects.select_for_update().get(pk=pk)


def _reload(booking) -> Booking:
    # Locks the booking's row only: the offering is locked by _lock when seats move.
    return (Booking.objects.select_for_update(of=("self",)).select_related("offering")
            .get(pk=booking.pk))


def seats_taken(offering) -> int:
    return (Booking.objects.filter(offering=offering, status__in=SEAT_HOLDING_STATUSES)
            .aggregate(total=Coalesce(Sum("party_size"), 0))["total"])


# Emails a booking receives at most once (per start date, for reminders): their
# outbox key makes a second request for the same one a no-op.
ONCE_PER_BOOKING = {"confirmed", "waitlisted", "offer", "offer_expired", "cancelled",
                    "offering_cancelled", "feedback"}


def notify(booking, kind, key=None, **extra):
    """Send the ``kind`` email about ``booking`` once the transaction commits (outbox)."""
    from .tasks import deliver_booking_email

    if key is None and kind in ONCE_PER_BOOKING:
        key = f"bookings:{booking.pk}:{kind}"
    outbox.enqueue(deliver_booking_email, {"booking": booking.pk, "kind": kind,
                                           "extra": extra}, key=key)


def confirm_token(booking) -> str:
    return make_token(CONFIRM_PURPOSE, [booking.pk, email_digest(booking.email)])


def manage_token(booking) -> str:
    return make_token(MANAGE_PURPOSE, [booking.pk, email_digest(booking.email)])


def booking_from_token(purpose, token) -> Booking:
    """The booking a confirmation or management link points to; raises TokenError."""
    hours = {CONFIRM_PURPOSE: conf.get("ESSAIM_BOOKINGS_CONFIRM_LINK_HOURS"),
             MANAGE_PURPOSE: 24 * conf.get("ESSAIM_BOOKINGS_MANAGE_LINK_DAYS")}[purpose]
    value = read_token(purpose, token, max_age=timedelta(hours=hours))
    try:
        pk, digest = value
        pk = int(pk)
    except (TypeError, ValueError, OverflowError) as exc:
        raise InvalidToken() from exc
    booking = (Booking.objects.select_related("offering")
               .filter(pk=pk, erased_at__isnull=True).first() if 0 < pk < 2**63 else None)
    if booking is None or not digest_matches(booking.email, digest):
        raise InvalidToken()  # erased, or a token made for someone else's booking
    return booking


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
            # In the booking's transaction: the booking and its email are kept together
            # (the outbox), and committed at once.
            notify(booking, "confirm_request")
    except IntegrityError as exc:
        existing = Booking.objects.filter(offering=offering, email=email,
                                          status__in=ACTIVE_STATUSES,
                                          erased_at__isnull=True).first()
        raise AlreadyBooked(booking=existing) from exc
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
        if offering.is_cancelled or now >= offering.starts_at:
            booking = _reload(booking)
            if booking.status != BookingStatus.PENDING:
                return booking
            raise RegistrationClosed()
        # Seats move under the offering's lock only, so they are counted once; the booking
        # changes only if it is still pending with the party counted (one statement, no
        # reload): else someone confirmed it meanwhile (a double click), and it is read.
        fits = seats_taken(offering) + booking.party_size <= offering.capacity
        status, at = ((BookingStatus.CONFIRMED, "confirmed_at") if fits
                      else (BookingStatus.WAITLISTED, "waitlisted_at"))
        if not Booking.objects.filter(pk=booking.pk, status=BookingStatus.PENDING,
                                      party_size=booking.party_size).update(
                                          status=status, **{at: now}):
            current = _reload(booking)  # its party changed meanwhile: counted again
            return current if current.status != BookingStatus.PENDING else confirm(current, now)
        booking.status, booking.offering = status, offering
        setattr(booking, at, now)
        pagecache.invalidate_on_commit("bookings")  # as a save would (update() is silent)
        if fits:
            emit("booking_confirmed", booking=booking)
            notify(booking, "confirmed")
        else:
            notify(booking, "waitlisted")
    return booking


def cancel(booking, reason=CancellationReason.PERSON, now=None, send_email=True) -> Booking:
    """Cancel an active booking; its seats are offered to the waitlist.

    A person can cancel until the event starts (rules.person_can_cancel); the
    engine itself (erasure, expiry) can at any time.
    """
    now = _now(now)
    with transaction.atomic():
        offering = _lock(booking.offering_id)
        booking = _reload(booking)
        if booking.status not in ACTIVE_STATUSES:
            return booking
        if reason == CancellationReason.PERSON and not rules.person_can_cancel(booking, now):
            raise NotAllowed(_("This booking can no longer be cancelled: the event has "
                               "started."), booking=booking)
        held_seats = booking.holds_seats
        booking.status, booking.cancelled_at = BookingStatus.CANCELLED, now
        booking.cancellation_reason = reason
        booking.save(update_fields=["status", "cancelled_at", "cancellation_reason"])
        emit("booking_cancelled", booking=booking)
        if send_email:
            notify(booking, "cancelled", seats_offered=held_seats and _waitlist_exists(offering))
        if held_seats:
            _offer_free_seats(offering, now)
    return booking


def _waitlist_exists(offering) -> bool:
    return Booking.objects.filter(offering=offering, status=BookingStatus.WAITLISTED).exists()


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
        if not rules.can_be_marked(booking):
            raise NotAllowed(_("Only confirmed participants can be marked present or absent."),
                             booking=booking)
        if not rules.attendance_is_open(booking.offering, now):
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


@transaction.atomic
def message_participants(offering, subject, body) -> int:
    """Email every confirmed participant an organiser's message; returns how many."""
    recipients = list(offering.bookings.filter(status=BookingStatus.CONFIRMED,
                                               erased_at__isnull=True))
    for booking in recipients:
        notify(booking, "message", subject=subject.strip(), body=body.strip())
    return len(recipients)


# --- keeping an offering in step with what it belongs to -------------------------------

SYNCED_FIELDS = ("title", "starts_at", "ends_at", "location", "page_url", "capacity",
                 "max_party_size", "registration_opens_at", "registration_closes_at")
# A change to one of these is told to everyone who booked.
TOLD_FIELDS = ("starts_at", "ends_at", "location")


def check_capacity(offering, capacity) -> None:
    """Raise CapacityBelowSeatsTaken if ``capacity`` cannot hold the seats already taken."""
    if offering is not None and offering.pk and capacity is not None:
        taken = seats_taken(offering)
        if capacity < taken:
            raise CapacityBelowSeatsTaken(
                ngettext("%(taken)d seat is already taken: the capacity cannot be lower.",
                         "%(taken)d seats are already taken: the capacity cannot be lower.",
                         taken) % {"taken": taken})


def update_offering(offering, now=None, **values) -> Offering:
    """Change what an offering is (dates, place, capacity, registration window…).

    Under the offering's lock: a capacity below the seats taken is refused; the
    seats a larger capacity (or a reopened window) frees are offered to the
    waiting list at once; everyone who booked is emailed a change of date, time
    or place, and gets the reminder again for the new date.
    """
    now = _now(now)
    unknown = set(values) - set(SYNCED_FIELDS)
    if unknown:
        raise ValueError(f"Not an offering field kept in sync: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        offering = _lock(offering)
        changed = {name: value for name, value in values.items()
                   if getattr(offering, name) != value}
        if not changed:
            return offering
        if "capacity" in changed:
            check_capacity(offering, changed["capacity"])
        before = {name: getattr(offering, name) for name in TOLD_FIELDS}
        for name, value in changed.items():
            setattr(offering, name, value)
        offering.save(update_fields=list(changed))
        told = [name for name in TOLD_FIELDS if name in changed]
        if told and not offering.is_cancelled:
            _tell_of_changes(offering, before, told, now)
        _offer_free_seats(offering, now)
    return offering


def _tell_of_changes(offering, before, told, now):
    stamp = "-".join(str(getattr(offering, name)) for name in TOLD_FIELDS)
    if "starts_at" in told:
        # The reminder already sent was for the old date.
        offering.bookings.filter(status=BookingStatus.CONFIRMED).update(reminder_sent_at=None)
    previous = {name: (value.isoformat() if hasattr(value, "isoformat") else value)
                for name, value in before.items()}
    for booking in offering.bookings.filter(status__in=rules.TOLD_OF_CHANGES,
                                            erased_at__isnull=True):
        notify(booking, "changed", key=f"bookings:{booking.pk}:changed:{stamp}",
               before=previous, changed=told)


def sync_offering(owner, now=None) -> Offering:
    """Create or update the offering of a Bookable object from its ``offering_values``."""
    from django.contrib.contenttypes.models import ContentType

    values = dict(owner.offering_values())
    if owner.offering_id is None:
        with transaction.atomic():
            offering = Offering.objects.create(
                owner_type=ContentType.objects.get_for_model(owner, for_concrete_model=False),
                owner_pk=owner.pk, **values)
            type(owner).objects.filter(pk=owner.pk).update(offering=offering)
            owner.offering = offering
        return offering
    offering = update_offering(owner.offering_id, now=now, **values)
    owner.offering = offering
    return offering


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
                notify(Booking(pk=pk), "reminder", key=f"bookings:{pk}:reminder:{now:%Y%m%d%H%M}")
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
