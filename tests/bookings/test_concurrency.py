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

pytestmark = [pytest.mark.postgres,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _restorable_migrated_data(transactional_db, django_db_serialized_rollback, migrated_data):
    """These tests flush the database; with the rows migrations made kept aside
    (root page, groups…), the transactional tests that follow can restore them."""
    from django.db import DEFAULT_DB_ALIAS, connections

    connections[DEFAULT_DB_ALIAS]._test_serialized_contents = migrated_data


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


def test_mixed_party_sizes_never_exceed_capacity():
    offering = make_offering(capacity=25, max_party_size=4)
    parties = [random.Random(i).randint(1, 4) for i in range(80)]
    statuses, errors = run_concurrently(offering, parties)
    assert errors == []
    taken = services.seats_taken(offering)
    assert taken <= 25
    confirmed = sum(p for p, s in zip(parties, statuses, strict=True)
                    if s == BookingStatus.CONFIRMED)
    assert confirmed == taken
    assert statuses.count(None) == 0


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
