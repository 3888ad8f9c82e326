"""Random sequences of everything that can happen to an offering keep the engine's rules.

Sign-ups of every party size (some twice with the same address), confirmations,
cancellations by the person, offers accepted or left to expire, capacity raised
and lowered, the registration window moved, the date cancelled, attendance
marked, personal data erased, and time passing — past the start too. After every
step the invariants below hold. CI runs 50 examples of 50 steps (30 elsewhere)
(ESSAIM_HYPOTHESIS_EXAMPLES / _STEPS choose other numbers).
"""

import os
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
    precondition,
    rule,
    run_state_machine_as_test,
)

from core.bookings import rules, services
from core.bookings.models import (
    ACTIVE_STATUSES,
    SEAT_HOLDING_STATUSES,
    Booking,
    BookingStatus,
    Offering,
)

EXAMPLES = int(os.environ.get("ESSAIM_HYPOTHESIS_EXAMPLES", 50 if os.environ.get("CI") else 30))
STEPS = int(os.environ.get("ESSAIM_HYPOTHESIS_STEPS", 50))


class BookingEngine(RuleBasedStateMachine):
    bookings = Bundle("bookings")

    @initialize(capacity=st.integers(1, 6), validity=st.integers(6, 72),
                starts_in_hours=st.integers(2, 24 * 20))
    def open_offering(self, capacity, validity, starts_in_hours):
        self.clock = timezone.now()
        start = self.clock + timedelta(hours=starts_in_hours)
        self.offering = Offering.objects.create(
            title="Visite", starts_at=start, ends_at=start + timedelta(hours=1),
            capacity=capacity, max_party_size=4, offer_validity_hours=validity)
        self.emails = 0

    def refresh(self):
        self.offering.refresh_from_db()

    # --- the person -----------------------------------------------------------------

    @rule(target=bookings, party=st.integers(1, 5), confirm=st.booleans(),
          reuse=st.booleans())
    def book(self, party, confirm, reuse):
        email = "same@example.org" if reuse else f"p{self.emails}@example.org"
        self.emails += 1
        try:
            booking = services.book(self.offering, name="P", email=email, party_size=party,
                                    consent=True, now=self.clock)
        except services.AlreadyBooked as error:
            assert error.booking is not None
            return error.booking
        except (services.PartyTooLarge, services.RegistrationClosed):
            return None
        if not confirm:
            return booking
        try:
            return services.confirm(booking, now=self.clock)
        except services.RegistrationClosed:
            return booking

    @rule(booking=bookings)
    def confirm(self, booking):
        if booking is not None:
            try:
                services.confirm(booking, now=self.clock)
            except services.RegistrationClosed:
                pass

    @rule(booking=bookings)
    def cancel(self, booking):
        if booking is None:
            return
        booking.refresh_from_db()
        allowed = rules.person_can_cancel(booking, self.clock)
        try:
            services.cancel(booking, now=self.clock)
        except services.NotAllowed:
            assert not allowed, "a person was refused a cancellation the rules allow"
        else:
            booking.refresh_from_db()
            assert allowed or booking.status not in ACTIVE_STATUSES

    @rule(booking=bookings)
    def accept(self, booking):
        if booking is None:
            return
        try:
            services.accept_offer(booking, now=self.clock)
        except services.BookingError:
            pass

    @rule(email=st.sampled_from(["same@example.org", "p0@example.org", "p1@example.org"]))
    def erase(self, email):
        services.erase_personal_data(email, now=self.clock)

    # --- the organisers -----------------------------------------------------------------

    @rule(capacity=st.integers(1, 8))
    def change_capacity(self, capacity):
        taken = services.seats_taken(self.offering)
        try:
            services.update_offering(self.offering, now=self.clock, capacity=capacity)
        except services.CapacityBelowSeatsTaken:
            assert capacity < taken
        else:
            assert capacity >= taken
        self.refresh()

    @rule(hours=st.integers(-48, 48))
    def move_registration_close(self, hours):
        services.update_offering(self.offering, now=self.clock,
                                 registration_closes_at=self.offering.starts_at
                                 + timedelta(hours=min(hours, 0)))
        self.refresh()

    @rule(booking=bookings, present=st.booleans())
    def mark_attendance(self, booking, present):
        if booking is None:
            return
        booking.refresh_from_db()
        markable = (rules.can_be_marked(booking)
                    and rules.attendance_is_open(self.offering, self.clock))
        try:
            services.mark_attendance(booking, present, now=self.clock)
        except services.NotAllowed:
            assert not markable
        else:
            assert markable

    @precondition(lambda self: not self.offering.is_cancelled)
    @rule()
    def cancel_the_date(self):
        services.cancel_offering(self.offering, "Salle indisponible", now=self.clock)
        self.refresh()

    # --- time -----------------------------------------------------------------------------

    @rule(hours=st.integers(1, 80))
    def time_passes_and_offers_expire(self, hours):
        self.clock += timedelta(hours=hours)
        services.expire_offers(self.clock)

    # --- what always holds ------------------------------------------------------------------

    @invariant()
    def capacity_is_never_exceeded(self):
        if hasattr(self, "offering"):
            assert services.seats_taken(self.offering) <= self.offering.capacity

    @invariant()
    def one_active_booking_per_email(self):
        if hasattr(self, "offering"):
            duplicates = (Booking.objects.filter(offering=self.offering,
                                                 status__in=ACTIVE_STATUSES,
                                                 erased_at__isnull=True)
                          .values("email").annotate(n=Count("pk")).filter(n__gt=1))
            assert not duplicates.exists()

    @invariant()
    def no_seat_stays_free_while_a_waitlisted_party_fits(self):
        if not hasattr(self, "offering") or self.offering.is_cancelled:
            return
        if self.clock >= self.offering.starts_at:
            return  # after the start nobody is offered a seat any more
        free = self.offering.capacity - services.seats_taken(self.offering)
        waiting = Booking.objects.filter(offering=self.offering,
                                         status=BookingStatus.WAITLISTED)
        assert not waiting.filter(party_size__lte=free).exists()

    @invariant()
    def offers_carry_a_deadline_before_the_start(self):
        if hasattr(self, "offering"):
            offers = Booking.objects.filter(offering=self.offering,
                                            status=BookingStatus.OFFERED)
            assert not offers.filter(offer_expires_at__isnull=True).exists()
            assert not offers.filter(offer_expires_at__gt=self.offering.starts_at).exists()

    @invariant()
    def a_cancelled_date_holds_no_active_booking(self):
        if hasattr(self, "offering") and self.offering.is_cancelled:
            assert not Booking.objects.filter(offering=self.offering,
                                              status__in=ACTIVE_STATUSES).exists()

    @invariant()
    def erased_bookings_hold_no_personal_data_and_no_seat(self):
        if hasattr(self, "offering"):
            erased = Booking.objects.filter(offering=self.offering, erased_at__isnull=False)
            assert not erased.exclude(email="").exists()
            assert not erased.filter(status__in=[s for s in SEAT_HOLDING_STATUSES
                                                 if s not in rules.MARKABLE_STATUSES]).exists()

    @invariant()
    def only_confirmed_people_are_marked(self):
        if hasattr(self, "offering"):
            marked = Booking.objects.filter(offering=self.offering,
                                            status__in=[BookingStatus.ATTENDED,
                                                        BookingStatus.NO_SHOW])
            assert not marked.filter(confirmed_at__isnull=True).exists()


@pytest.mark.django_db
def test_engine_invariants_hold_over_random_sequences(django_capture_on_commit_callbacks):
    run_state_machine_as_test(BookingEngine, settings=settings(
        max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                               HealthCheck.filter_too_much]))
