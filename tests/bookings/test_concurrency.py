"""Many people confirming at the same second never get more seats than there are."""

import random
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from core.bookings import services
from core.bookings.models import Booking, BookingStatus, Offering

# Transactional: each thread works on a connection of its own and must see the others'
# commits. (Tests that need the migrations' rows after these flush restore them:
# tests/conftest.py restore_migration_data.)
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def make_offering(capacity, max_party_size=1):
    start = timezone.now() + timedelta(days=5)
    return Offering.objects.create(title="Visite du Sénat", starts_at=start,
                                   ends_at=start + timedelta(hours=2), capacity=capacity,
                                   max_party_size=max_party_size)


# PostgreSQL's default max_connections is 100, shared with other test runs: 40
# threads at a time, each sign-up on a connection of its own, closed when it ends.
MAX_THREADS = 40


def run_concurrently(offering, parties):
    start = threading.Event()
    errors = []

    def sign_up(index):
        try:
            start.wait()
            booking = services.book(offering, name=f"Personne {index}",
                                    email=f"p{index}@example.org", party_size=parties[index],
                                    consent=True)
            return services.confirm(booking).status
        except Exception as exc:  # collected: the test asserts there are none
            errors.append(repr(exc))
            return None
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=min(len(parties), MAX_THREADS)) as pool:
        futures = [pool.submit(sign_up, index) for index in range(len(parties))]
        start.set()
        statuses = [future.result() for future in futures]
    return statuses, errors


def test_200_simultaneous_sign_ups_for_30_seats(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    offering = make_offering(capacity=30)
    statuses, errors = run_concurrently(offering, [1] * 200)
    assert errors == []
    assert statuses.count(BookingStatus.CONFIRMED) == 30
    assert statuses.count(BookingStatus.WAITLISTED) == 170
    assert Booking.objects.filter(offering=offering).count() == 200  # none lost
    assert services.seats_taken(offering) == 30


def test_without_the_lock_the_same_rush_over_books(monkeypatch):
    """The lock is what holds the capacity: the same rush without it over-books (the
    race needs the threads to interleave, so it is tried a few times)."""
    monkeypatch.setattr(services, "_lock", lambda offering: Offering.objects.get(
        pk=getattr(offering, "pk", offering)))
    taken = []
    for _attempt in range(8):
        offering = make_offering(capacity=30)
        statuses, errors = run_concurrently(offering, [1] * 200)
        assert errors == []
        taken.append(services.seats_taken(offering))
        if taken[-1] > 30:
            break
    assert max(taken) > 30, f"never over-booked without the lock: {taken}"


def test_mixed_party_sizes_fill_the_capacity_and_never_exceed_it():
    offering = make_offering(capacity=25, max_party_size=4)
    parties = [random.Random(i).randint(1, 4) for i in range(80)]
    statuses, errors = run_concurrently(offering, parties)
    assert errors == []
    assert statuses.count(None) == 0
    taken = services.seats_taken(offering)
    confirmed = sum(p for p, s in zip(parties, statuses, strict=True)
                    if s == BookingStatus.CONFIRMED)
    assert confirmed == taken
    # Exactly full, unless the seats left are fewer than every waiting party needs.
    waiting = [p for p, s in zip(parties, statuses, strict=True)
               if s == BookingStatus.WAITLISTED]
    assert taken == 25 or (taken < 25 and min(waiting) > 25 - taken)
    assert len(waiting) == len(parties) - statuses.count(BookingStatus.CONFIRMED)


def test_the_same_address_signing_up_at_once_gets_one_booking(client):
    """Double clicks and two tabs: one booking, every other attempt told the same."""
    offering = make_offering(capacity=10)
    start = threading.Event()
    outcomes, errors = [], []

    def sign_up(index):
        try:
            start.wait()
            services.book(offering, name="Double Clic", email="Double@Example.org",
                          consent=True)
            outcomes.append("booked")
        except services.AlreadyBooked as error:
            outcomes.append("already" if error.booking is not None else "no-booking")
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=20) as pool:
        futures = [pool.submit(sign_up, index) for index in range(20)]
        start.set()
        for future in futures:
            future.result()
    assert errors == []
    assert outcomes.count("booked") == 1
    assert outcomes.count("already") == 19
    assert Booking.objects.filter(offering=offering).count() == 1


def test_concurrent_cancellations_offer_each_freed_seat_once():
    offering = make_offering(capacity=10)
    statuses, _ = run_concurrently(offering, [1] * 30)
    confirmed = list(Booking.objects.filter(offering=offering, status="confirmed"))

    def cancel(booking):
        try:
            services.cancel(booking)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=10) as pool:
        list(pool.map(cancel, confirmed))
    assert Booking.objects.filter(offering=offering, status="offered").count() == 10
    assert services.seats_taken(offering) == 10
