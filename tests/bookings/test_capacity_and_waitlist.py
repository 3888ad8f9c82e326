"""Seats: confirmation takes them while they last, then the waitlist; freed seats are offered."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.bookings import services
from core.bookings.models import BookingStatus, CancellationReason


def test_a_sign_up_holds_no_seat_until_confirmed(offering, book):
    booking = book(offering, party_size=3, confirm=False)
    assert booking.status == BookingStatus.PENDING
    assert offering.seats_taken() == 0


def test_confirmations_fill_the_seats_then_the_waitlist(make_offering, book):
    offering = make_offering(capacity=3)
    first, second = book(offering, party_size=2), book(offering, party_size=1)
    third = book(offering, party_size=1)
    assert [first.status, second.status, third.status] == [
        BookingStatus.CONFIRMED, BookingStatus.CONFIRMED, BookingStatus.WAITLISTED]
    assert offering.seats_taken() == 3


def test_a_party_larger_than_allowed_is_refused(make_offering, book):
    offering = make_offering(max_party_size=2)
    with pytest.raises(services.PartyTooLarge):
        book(offering, party_size=3)


def test_sign_ups_outside_the_registration_window_are_refused(make_offering, book):
    closed = make_offering(registration_closes_at=timezone.now() - timedelta(hours=1))
    not_yet = make_offering(registration_opens_at=timezone.now() + timedelta(days=1))
    for offering in (closed, not_yet):
        with pytest.raises(services.RegistrationClosed):
            book(offering)


def test_one_active_booking_per_email_and_offering(offering, book):
    book(offering, email="Claire@Example.org")
    with pytest.raises(services.AlreadyBooked) as raised:
        book(offering, email="claire@example.org ")
    assert raised.value.booking.email == "claire@example.org"


def test_the_same_email_can_book_again_after_cancelling(offering, book):
    booking = book(offering, email="claire@example.org")
    services.cancel(booking)
    assert book(offering, email="claire@example.org").status == BookingStatus.CONFIRMED


def test_minors_need_a_named_adult(offering, book):
    with pytest.raises(services.NotAllowed):
        book(offering, party_size=2, minors=1)
    assert book(offering, party_size=2, minors=1, guardian_name="Inès Roy").minors == 1


def test_a_cancelled_seat_is_offered_to_the_first_waitlisted_party_that_fits(make_offering,
                                                                             book):
    offering = make_offering(capacity=2, offer_validity_hours=24)
    holder = book(offering, party_size=2)
    too_big = book(offering, party_size=3)  # never fits a capacity of 2
    fits = book(offering, party_size=1)
    later = book(offering, party_size=1)
    assert {too_big.status, fits.status, later.status} == {BookingStatus.WAITLISTED}
    services.cancel(holder)
    fits.refresh_from_db(), later.refresh_from_db(), too_big.refresh_from_db()
    assert fits.status == BookingStatus.OFFERED and later.status == BookingStatus.OFFERED
    assert too_big.status == BookingStatus.WAITLISTED
    assert fits.offer_expires_at == pytest.approx(fits.offered_at + timedelta(hours=24),
                                                  abs=timedelta(seconds=1))
    assert offering.seats_taken() == 2


def test_accepting_an_offer_confirms_it(make_offering, book):
    offering = make_offering(capacity=1)
    holder, waiting = book(offering), book(offering)
    services.cancel(holder)
    waiting.refresh_from_db()
    accepted = services.accept_offer(waiting)
    assert accepted.status == BookingStatus.CONFIRMED
    assert services.accept_offer(accepted).status == BookingStatus.CONFIRMED  # replayed


def test_an_expired_offer_passes_to_the_next_in_line(make_offering, book):
    offering = make_offering(capacity=1, offer_validity_hours=6)
    holder, first, second = book(offering), book(offering), book(offering)
    services.cancel(holder)
    later = timezone.now() + timedelta(hours=7)
    with pytest.raises(services.OfferExpired):
        services.accept_offer(first, now=later)
    first.refresh_from_db(), second.refresh_from_db()
    assert first.status == BookingStatus.CANCELLED
    assert first.cancellation_reason == CancellationReason.OFFER_EXPIRED
    assert second.status == BookingStatus.OFFERED


def test_the_expiry_task_expires_due_offers_only(make_offering, book):
    offering = make_offering(capacity=1, offer_validity_hours=6)
    holder, _first, second = book(offering), book(offering), book(offering)
    services.cancel(holder)
    assert services.expire_offers(timezone.now() + timedelta(hours=1)) == 0
    assert services.expire_offers(timezone.now() + timedelta(hours=7)) == 1
    assert services.expire_offers(timezone.now() + timedelta(hours=7)) == 0  # retried task
    second.refresh_from_db()
    assert second.status == BookingStatus.OFFERED


def test_offers_never_outlive_the_start(make_offering, book):
    offering = make_offering(capacity=1, starts_in=timedelta(hours=10))
    holder, waiting = book(offering), book(offering)
    services.cancel(holder)
    waiting.refresh_from_db()
    assert waiting.offer_expires_at == offering.starts_at


def test_offer_validity_is_at_least_six_hours(make_offering):
    from django.core.exceptions import ValidationError

    offering = make_offering()
    offering.offer_validity_hours = 5
    with pytest.raises(ValidationError):
        offering.full_clean()
