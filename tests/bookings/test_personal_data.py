"""Retention purge, export and erasure of one's data."""

import json
from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.bookings import services
from core.bookings.models import Booking, BookingStatus


def test_purge_erases_people_but_keeps_counts(make_offering, book, settings):
    settings.ESSAIM_BOOKINGS_RETENTION_DAYS = 90
    offering = make_offering(starts_in=timedelta(hours=2))
    kept_recent = make_offering()
    booking = book(offering, party_size=3, phone="0601020304")
    book(kept_recent)
    later = offering.ends_at + timedelta(days=91)
    assert services.purge_personal_data(offering.ends_at + timedelta(days=89)) == 0
    assert services.purge_personal_data(later) == 1
    booking.refresh_from_db()
    assert (booking.name, booking.email, booking.phone) == ("", "", "")
    assert booking.status == BookingStatus.CONFIRMED and booking.party_size == 3
    assert offering.seats_taken() == 3
    assert Booking.objects.filter(erased_at__isnull=True).count() == 1


def test_export_lists_everything_kept_about_an_address(offering, book):
    book(offering, email="lea@example.org", accessibility_needs="fauteuil")
    data = services.export_personal_data("LEA@example.org")
    assert [b["accessibility_needs"] for b in data["bookings"]] == ["fauteuil"]
    json.dumps(data)


def test_erasure_cancels_upcoming_bookings_and_offers_the_seats(make_offering, book):
    offering = make_offering(capacity=1)
    mine, waiting = book(offering, email="lea@example.org"), book(offering)
    assert services.erase_personal_data("lea@example.org") == 1
    mine.refresh_from_db(), waiting.refresh_from_db()
    assert mine.status == BookingStatus.CANCELLED and mine.email == ""
    assert waiting.status == BookingStatus.OFFERED


def test_my_data_by_email_link(client, offering, book, django_capture_on_commit_callbacks):
    book(offering, email="lea@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("personal_data:request"), {"email": "lea@example.org"})
    assert response.status_code == 302
    (message,) = mail.outbox
    link = next(line for line in message.body.splitlines() if "/mes-donnees/" in line)
    assert "lea" not in link  # the link names a request, not the address
    path = link.replace("http://testserver", "")
    assert "lea@example.org" in client.get(path).content.decode()
    export = client.post(path, {"action": "export"})
    assert json.loads(export.content)["sources"]["bookings"]["records"][0]["email"] == \
        "lea@example.org"
    client.post(path, {"action": "erase"})
    assert not Booking.objects.filter(email="lea@example.org").exists()


def test_unknown_addresses_get_the_same_answer_and_no_email(client, db,
                                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("personal_data:request"),
                               {"email": "nobody@example.org"}, follow=True)
    assert "Si nous conservons des données" in response.content.decode()
    assert mail.outbox == []


def test_a_my_data_link_expires(client, db, settings):
    from core.personal_data import request_link

    token = request_link("lea@example.org")
    settings.ESSAIM_BOOKINGS_MY_DATA_LINK_HOURS = 0
    assert client.get(reverse("personal_data:manage", args=[token])).status_code == 410
    assert timezone.now()


def test_the_old_address_of_the_page_still_leads_there(client, db):
    response = client.get("/inscriptions/mes-donnees/")
    assert (response.status_code, response["Location"]) == (301, "/mes-donnees/")
