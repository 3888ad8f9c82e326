"""Double clicks, replayed links and retried tasks change nothing the second time."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from core.bookings import services
from core.bookings.models import BookingStatus


def test_confirming_twice_confirms_once(offering, book, django_capture_on_commit_callbacks):
    booking = book(offering, confirm=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm(booking)
        again = services.confirm(booking)
    assert again.status == BookingStatus.CONFIRMED
    assert len([m for m in mail.outbox if "confirmée" in m.subject]) == 1


def test_cancelling_twice_cancels_once(offering, book, django_capture_on_commit_callbacks):
    booking = book(offering)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.cancel(booking)
        second = services.cancel(booking)
    assert first.cancelled_at == second.cancelled_at
    assert len([m for m in mail.outbox if "annulée" in m.subject.lower()]) == 1


def test_reminders_go_out_exactly_once(make_offering, book, django_capture_on_commit_callbacks):
    offering = make_offering(starts_in=timedelta(days=1, hours=12))
    booking = book(offering)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders() == 1
        assert services.send_due_reminders() == 0
    booking.refresh_from_db()
    assert booking.reminder_sent_at is not None
    assert [m.subject for m in mail.outbox] == [
        mail.outbox[0].subject] and mail.outbox[0].subject.startswith("Rappel")


def test_no_reminder_before_the_delay(make_offering, book):
    offering = make_offering(starts_in=timedelta(days=3))
    book(offering)
    assert services.send_due_reminders() == 0
    assert services.send_due_reminders(timezone.now() + timedelta(days=1, hours=1)) == 1


def test_feedback_is_requested_once_after_the_visit(make_offering, book):
    offering = make_offering(starts_in=timedelta(hours=2))
    booking = book(offering)
    after = offering.ends_at + timedelta(hours=1)
    assert services.send_due_feedback_requests(offering.starts_at) == 0
    assert services.send_due_feedback_requests(after) == 1
    assert services.send_due_feedback_requests(after) == 0
    offering.starts_at = offering.ends_at = timezone.now() - timedelta(hours=1)
    offering.save()
    services.record_feedback(booking, 5, "Très instructif")
    again = services.record_feedback(booking, 1, "changed my mind")
    assert (again.feedback_rating, again.feedback_comment) == (5, "Très instructif")


def test_feedback_before_the_visit_is_refused(offering, book):
    with pytest.raises(services.NotAllowed):
        services.record_feedback(book(offering), 4)


def test_confirming_a_stale_copy_counts_the_party_as_stored(make_offering, book):
    """The confirmation changes the booking in one statement, guarded by what it read: a
    copy older than the row (its party changed meanwhile) is read again and counted as
    stored, never as the copy says."""
    from core.bookings.models import Booking

    offering = make_offering(capacity=3, max_party_size=3)
    book(offering, party_size=2)
    stale = book(offering, party_size=1, confirm=False)
    Booking.objects.filter(pk=stale.pk).update(party_size=2)  # 2 + 2 > 3 seats
    confirmed = services.confirm(stale)
    assert (confirmed.status, confirmed.party_size) == (BookingStatus.WAITLISTED, 2)
    assert offering.seats_taken() == 2


def test_a_confirmation_on_a_closed_date_changes_nothing(make_offering, book):
    offering = make_offering(capacity=3)
    pending, done = book(offering, confirm=False), book(offering)
    offering.cancelled_at = timezone.now()
    offering.save(update_fields=["cancelled_at"])
    with pytest.raises(services.RegistrationClosed):
        services.confirm(pending)
    pending.refresh_from_db()
    assert pending.status == BookingStatus.PENDING
    assert services.confirm(done).status == BookingStatus.CONFIRMED  # as it was: no error
