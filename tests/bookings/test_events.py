"""Domain events leave after commit: confirmed, cancelled, offer sent, attended."""

import types
from datetime import timedelta

import pytest
from django.utils import timezone

from core.bookings import services
from core.hookspecs import hookimpl
from core.plugin_manager import get_plugin_manager


@pytest.fixture
def received():
    events = []
    plugin = types.SimpleNamespace()
    for name in ("booking_confirmed", "booking_cancelled", "waitlist_offer_sent",
                 "booking_attended"):
        def impl(booking, _name=name):
            events.append((_name, booking.pk))
        setattr(plugin, name, hookimpl(impl))
    get_plugin_manager().register(plugin, name="bookings-test-listener")
    yield events
    get_plugin_manager().unregister(name="bookings-test-listener")


def test_hook_booking_attended(make_offering, book, register,
                               django_capture_on_commit_callbacks):
    attended = []
    register(booking_attended=lambda booking: attended.append(booking.pk))
    offering = make_offering(starts_in=timedelta(minutes=30))
    booking = book(offering)
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_attendance(booking, attended=True)
        services.mark_attendance(booking, attended=True)  # twice: one event
    assert attended == [booking.pk]


def test_no_show_is_not_attendance(make_offering, book, received,
                                   django_capture_on_commit_callbacks):
    offering = make_offering(starts_in=timedelta(minutes=30))
    booking = book(offering)
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_attendance(booking, attended=False)
    assert ("booking_attended", booking.pk) not in received


def test_attendance_cannot_be_marked_days_ahead(offering, book):
    with pytest.raises(services.NotAllowed):
        services.mark_attendance(book(offering), attended=True)


def test_the_lifecycle_emits_its_events(make_offering, book, received,
                                        django_capture_on_commit_callbacks):
    offering = make_offering(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        holder, waiting = book(offering), book(offering)
        services.cancel(holder)
    assert received == [("booking_confirmed", holder.pk), ("booking_cancelled", holder.pk),
                        ("waitlist_offer_sent", waiting.pk)]


def test_cancelling_an_offering_tells_everyone_and_withdraws_offers(
        make_offering, book, received, django_capture_on_commit_callbacks):
    from django.core import mail

    offering = make_offering(capacity=1)
    holder, waiting = book(offering), book(offering)
    services.cancel(book(offering, email="third@example.org"))  # already cancelled
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(holder)  # the waiting person now holds an offer
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_offering(offering, "Séance du conseil déplacée.")
        services.cancel_offering(offering, "again")
    waiting.refresh_from_db()
    assert waiting.status == "cancelled" and waiting.cancellation_reason == "offering_cancelled"
    assert sorted(m.to[0] for m in mail.outbox) == [waiting.email]
    assert "Séance du conseil déplacée." in mail.outbox[0].body
    assert offering.seats_taken() == 0
    offering.refresh_from_db()
    assert not offering.is_open_for_registration(timezone.now())
