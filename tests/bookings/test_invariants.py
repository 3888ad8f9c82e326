"""Random sequences of sign-ups, cancellations, expiries and acceptances keep the rules."""

from datetime import timedelta

import pytest
from django.db.models import Count
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from core.bookings import services
from core.bookings.models import ACTIVE_STATUSES, Booking, BookingStatus, Offering


class BookingEngine(RuleBasedStateMachine):
    bookings = Bundle("bookings")

    @initialize(capacity=st.integers(1, 6), validity=st.integers(6, 72))
    def open_offering(self, capacity, validity):
        start = timezone.now() + timedelta(days=30)
        self.offering = Offering.objects.create(
            title="Visite", starts_at=start, ends_at=start + timedelta(hours=1),
            capacity=capacity, max_party_size=4, offer_validity_hours=validity)
        self.clock = timezone.now()
        self.emails = 0

    @rule(target=bookings, party=st.integers(1, 4), confirm=st.booleans(),
          reuse=st.booleans())
    def book(self, party, confirm, reuse):
        email = "same@example.org" if reuse else f"p{self.emails}@example.org"
        self.emails += 1
        try:
            booking = services.book(self.offering, name="P", email=email, party_size=party,
                                    consent=True, now=self.clock)
        except services.AlreadyBooked:
            return Booking.objects.filter(email=email, offering=self.offering).first()
        return services.confirm(booking, now=self.clock) if confirm else booking

    @rule(booking=bookings)
    def confirm(self, booking):
        if booking is not None:
            services.confirm(booking, now=self.clock)

    @rule(booking=bookings)
    def cancel(self, booking):
        if booking is not None:
            services.cancel(booking, now=self.clock)

    @rule(booking=bookings)
    def accept(self, booking):
        if booking is None:
            return
        try:
            services.accept_offer(booking, now=self.clock)
        except services.BookingError:
            pass

    @rule(hours=st.integers(1, 80))
    def time_passes_and_offers_expire(self, hours):
        self.clock += timedelta(hours=hours)
        services.expire_offers(self.clock)

    @invariant()
    def capacity_is_never_exceeded(self):
        if hasattr(self, "offering"):
            assert services.seats_taken(self.offering) <= self.offering.capacity

    @invariant()
    def one_active_booking_per_email(self):
        if hasattr(self, "offering"):
            duplicates = (Booking.objects.filter(offering=self.offering,
                                                 status__in=ACTIVE_STATUSES)
                          .values("email").annotate(n=Count("pk")).filter(n__gt=1))
            assert not duplicates.exists()

    @invariant()
    def no_seat_stays_free_while_a_waitlisted_party_fits(self):
        if not hasattr(self, "offering"):
            return
        free = self.offering.capacity - services.seats_taken(self.offering)
        waiting = Booking.objects.filter(offering=self.offering,
                                         status=BookingStatus.WAITLISTED)
        assert not waiting.filter(party_size__lte=free).exists()

    @invariant()
    def offers_carry_a_deadline(self):
        if hasattr(self, "offering"):
            assert not Booking.objects.filter(offering=self.offering,
                                              status=BookingStatus.OFFERED,
                                              offer_expires_at__isnull=True).exists()


@pytest.mark.django_db
def test_engine_invariants_hold_over_random_sequences():
    run_state_machine_as_test(BookingEngine, settings=settings(
        max_examples=40, stateful_step_count=25, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]))
