"""What organisers change about a date goes through the engine: seats freed by a larger
capacity are offered at once, a smaller one can't drop below the seats taken, and a new
date, time or place is told to everyone who booked."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from core.bookings import services
from core.bookings.models import BookingStatus

pytestmark = pytest.mark.django_db


def test_raising_the_capacity_offers_the_seats_to_the_waitlist_at_once(
        make_offering, book, django_capture_on_commit_callbacks):
    offering = make_offering(capacity=1)
    book(offering)
    waiting = [book(offering) for _ in range(3)]
    assert {b.status for b in waiting} == {BookingStatus.WAITLISTED}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.update_offering(offering, capacity=3)
    statuses = [type(b).objects.get(pk=b.pk).status for b in waiting]
    assert statuses == [BookingStatus.OFFERED, BookingStatus.OFFERED, BookingStatus.WAITLISTED]
    assert len([m for m in mail.outbox if "place" in m.subject.lower()
                or "offer" in m.subject.lower()]) == 2


def test_the_capacity_cannot_drop_below_the_seats_taken(make_offering, book):
    offering = make_offering(capacity=5)
    book(offering, party_size=3)
    with pytest.raises(services.CapacityBelowSeatsTaken) as raised:
        services.update_offering(offering, capacity=2)
    assert "3 places sont déjà prises" in str(raised.value.message)
    offering.refresh_from_db()
    assert offering.capacity == 5
    assert services.update_offering(offering, capacity=3).capacity == 3


def test_a_new_date_or_place_is_emailed_once_to_each_person_booked(
        make_offering, book, django_capture_on_commit_callbacks):
    offering = make_offering(capacity=2)
    confirmed, pending = book(offering), book(offering, confirm=False)
    waitlisted = book(offering, party_size=2)
    cancelled = book(offering)
    services.cancel(cancelled)
    offering.bookings.filter(pk=confirmed.pk).update(reminder_sent_at=timezone.now())
    later = offering.starts_at + timedelta(days=2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.update_offering(offering, starts_at=later, ends_at=later + timedelta(hours=1),
                                 location="Salle Gaston-d'Orléans, château de Blois")
        services.update_offering(offering, starts_at=later)  # nothing changes: no email
    told = sorted(address for m in mail.outbox for address in m.to)
    assert told == sorted([confirmed.email, pending.email, waitlisted.email])
    message = next(m for m in mail.outbox if m.to == [confirmed.email])
    assert "Salle Gaston-d'Orléans" in message.body and "Hôtel de ville" in message.body
    assert message.attachments and message.attachments[0][0] == "rendez-vous.ics"
    confirmed.refresh_from_db()
    assert confirmed.reminder_sent_at is None  # a reminder for the new date will follow


def test_a_person_cannot_cancel_once_the_event_started_but_the_engine_can(make_offering, book):
    offering = make_offering(starts_in=timedelta(hours=2))
    booking = book(offering)
    after_start = offering.starts_at + timedelta(minutes=5)
    with pytest.raises(services.NotAllowed):
        services.cancel(booking, now=after_start)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    erased = services.erase_personal_data(booking.email, now=after_start)
    assert erased == 1
