"""A visit date edited by an organiser goes through the sign-up engine."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from core.bookings import services
from core.bookings.models import BookingStatus


def sign_up(slot, email):
    booking = services.book(slot.offering, name="Camille", email=email, consent=True)
    return services.confirm(booking)


def test_raising_a_dates_capacity_offers_the_freed_seat(make_visit,
                                                        django_capture_on_commit_callbacks):
    visit = make_visit(slots=((timedelta(days=7), 1),))
    slot = visit.slots.get()
    sign_up(slot, "premiere@example.org")
    waiting = sign_up(slot, "seconde@example.org")
    assert waiting.status == BookingStatus.WAITLISTED
    slot.capacity = 2
    with django_capture_on_commit_callbacks(execute=True):
        slot.save()
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.OFFERED
    slot.offering.refresh_from_db()
    assert slot.offering.capacity == 2


def test_a_capacity_below_the_seats_taken_is_refused_by_the_form(make_visit):
    visit = make_visit(slots=((timedelta(days=7), 3),))
    slot = visit.slots.get()
    sign_up(slot, "a@example.org")
    sign_up(slot, "b@example.org")
    slot.capacity = 1
    with pytest.raises(ValidationError) as raised:
        slot.full_clean()
    assert raised.value.message_dict["capacity"] == [
        "2 places sont déjà prises : la capacité ne peut pas être inférieure."]


def test_a_date_removed_from_the_visit_cancels_its_sign_ups(make_visit, mailoutbox,
                                                            django_capture_on_commit_callbacks):
    visit = make_visit(slots=((timedelta(days=7), 3),))
    slot = visit.slots.get()
    booking = sign_up(slot, "a@example.org")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        slot.delete()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    (message,) = mailoutbox
    assert "retirée du programme" in message.body
