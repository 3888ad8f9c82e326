"""Emails: French, Europe/Paris times, a manage link in each, a calendar file when confirmed."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from icalendar import Calendar

from core.bookings import services
from core.bookings.tasks import booking_email

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def winter_offering(make_offering):
    # 9:00 UTC on 15 January is 10:00 in Paris (UTC+1).
    start = datetime.datetime(2030, 1, 15, 9, 0, tzinfo=datetime.UTC)
    return make_offering(starts_at=start, ends_at=start + datetime.timedelta(hours=2),
                         title="Visite de la préfecture")


@pytest.fixture
def summer_offering(make_offering):
    # 8:00 UTC on 2 July is 10:00 in Paris (UTC+2).
    start = datetime.datetime(2030, 7, 2, 8, 0, tzinfo=datetime.UTC)
    return make_offering(starts_at=start, ends_at=start + datetime.timedelta(minutes=90))


def test_confirmation_request_is_french_with_paris_time(winter_offering, book,
                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        book(winter_offering, confirm=False, name="Léa Dubois", email="lea@example.org")
    message = mail.outbox[-1]
    assert message.to == ["lea@example.org"]
    assert message.subject == "Confirmez votre inscription : Visite de la préfecture"
    assert "Bonjour Léa Dubois," in message.body
    assert "le mardi 15 janvier 2030 de 10:00 à 12:00" in message.body
    assert "/inscriptions/confirmer/" in message.body
    assert "/inscriptions/gerer/" in message.body
    assert "&#x27;" not in message.body  # plain text is not HTML-escaped


def test_summer_time_is_handled(summer_offering, book):
    booking = book(summer_offering)
    body = booking_email(booking, "confirmed").body
    assert "de 10:00 à 11:30" in body


def test_every_email_carries_a_manage_link(offering, book):
    booking = book(offering)
    for kind in ("confirm_request", "already_booked", "confirmed", "waitlisted", "offer",
                 "offer_expired", "cancelled", "offering_cancelled", "reminder", "feedback",
                 "message"):
        message = booking_email(booking, kind, {"subject": "Info", "body": "Texte"})
        assert "/inscriptions/gerer/" in message.body, kind


def test_the_confirmation_carries_an_ics_in_utc(winter_offering, book):
    booking = book(winter_offering)
    message = booking_email(booking, "confirmed")
    (filename, content, mimetype), = message.attachments
    assert filename.endswith(".ics") and mimetype.startswith("text/calendar")
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    start = event.decoded("dtstart")
    assert start == datetime.datetime(2030, 1, 15, 9, 0, tzinfo=datetime.UTC)
    assert start.utcoffset() == datetime.timedelta(0)
    assert start.astimezone(PARIS).hour == 10
    assert str(event["summary"]) == "Visite de la préfecture"
    assert "Blois" in str(event["location"])


def test_english_speakers_get_english_emails(offering, book):
    booking = book(offering, language="en")
    assert booking_email(booking, "confirmed").subject.startswith("Booking confirmed")


def test_the_offer_states_its_deadline_in_paris_time(make_offering, book):
    offering = make_offering(capacity=1, offer_validity_hours=48)
    holder, waiting = book(offering), book(offering)
    mail.outbox.clear()
    services.cancel(holder)
    waiting.refresh_from_db()
    body = booking_email(waiting, "offer").body
    deadline = waiting.offer_expires_at.astimezone(PARIS)
    assert f"à {deadline:%H:%M}" in body


def test_emails_for_a_state_left_meanwhile_are_not_sent(offering, book):
    from core.bookings.tasks import deliver_booking_email

    booking = book(offering, confirm=False)
    services.cancel(booking)
    assert deliver_booking_email({"booking": booking.pk, "kind": "confirm_request"}) is False
