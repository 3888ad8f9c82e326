"""Organisers in the Wagtail admin: counts, exports, messages, attendance, cancelling a date."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from core.bookings import services
from core.bookings.models import BookingStatus


@pytest.fixture
def user_in(django_user_model):
    def make(role):
        if role == "anonymous":
            return None
        if role == "superuser":
            return django_user_model.objects.create_superuser("root", "root@example.org", "x")
        user = django_user_model.objects.create_user(role, f"{role}@example.org", "x")
        user.groups.add(Group.objects.get(name={"professional": "Professionnels",
                                                "editor": "Éditeurs",
                                                "moderator": "Modérateurs"}[role]))
        return user

    return make


@pytest.fixture
def booked_slot(slot):
    for i, size in enumerate((2, 1)):
        services.confirm(services.book(slot.offering, name=f"Personne {i}",
                                       email=f"p{i}@example.org", party_size=size,
                                       consent=True, phone="=HYPERLINK(1)"))
    return slot


def urls(offering):
    return {
        "list": reverse("bookings_admin_offerings"),
        "detail": reverse("bookings_admin_offering", args=[offering.pk]),
        "csv": reverse("bookings_admin_export", args=[offering.pk, "csv"]),
        "xlsx": reverse("bookings_admin_export", args=[offering.pk, "xlsx"]),
    }


EXPECTED = {"anonymous": 302, "professional": 302, "editor": 200, "moderator": 200,
            "superuser": 200}


@pytest.mark.parametrize("role", list(EXPECTED))
@pytest.mark.parametrize("view", ["list", "detail", "csv", "xlsx"])
def test_permission_matrix(client, user_in, booked_slot, role, view):
    user = user_in(role)
    if user:
        client.force_login(user)
    response = client.get(urls(booked_slot.offering)[view])
    # Professionals cannot enter the admin at all: Wagtail sends them to the login page.
    assert response.status_code == EXPECTED[role], role


def test_an_admin_user_without_the_permission_is_refused(client, django_user_model,
                                                         booked_slot):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("trainer", "t@example.org", "x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    for view, url in urls(booked_slot.offering).items():
        assert client.get(url).status_code in (302, 403), view
    response = client.post(urls(booked_slot.offering)["detail"],
                           {"action": "cancel", "cancel-confirm": "on"})
    booked_slot.offering.refresh_from_db()
    assert not booked_slot.offering.is_cancelled and response.status_code in (302, 403)


@pytest.fixture
def editor_client(client, user_in):
    client.force_login(user_in("editor"))
    return client


def test_counts_per_slot(editor_client, booked_slot):
    page = editor_client.get(urls(booked_slot.offering)["detail"]).content.decode()
    assert 'data-count="confirmed">2<' in page
    assert "3 / 10" in page


def test_csv_export_is_logged_and_safe_for_spreadsheets(editor_client, booked_slot):
    response = editor_client.get(urls(booked_slot.offering)["csv"])
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Statut", "Nom", "Courriel"]
    assert {row[1] for row in rows[1:]} == {"Personne 0", "Personne 1"}
    assert all(row[3] == "'=HYPERLINK(1)" for row in rows[1:])
    entry = ModelLogEntry.objects.get(action="bookings.export")
    assert entry.data == {"format": "csv", "rows": 2}
    assert entry.user.username == "editor"


def test_xlsx_export(editor_client, booked_slot):
    response = editor_client.get(urls(booked_slot.offering)["xlsx"])
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 3
    assert ModelLogEntry.objects.filter(action="bookings.export").count() == 1


def test_message_to_confirmed_participants(editor_client, booked_slot,
                                           django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(urls(booked_slot.offering)["detail"], {
            "action": "message", "message-subject": "Changement d'entrée",
            "message-body": "Entrée par la rue du Palais."})
    assert sorted(m.to[0] for m in mail.outbox) == ["p0@example.org", "p1@example.org"]
    assert "Entrée par la rue du Palais." in mail.outbox[0].body
    assert ModelLogEntry.objects.filter(action="bookings.message").exists()


def test_attendance_marking(editor_client, make_visit):
    slot = make_visit(slots=((timedelta(minutes=20), 5),)).slots.get()
    booking = services.confirm(services.book(slot.offering, name="A", email="a@example.org",
                                             consent=True))
    editor_client.post(urls(slot.offering)["detail"], {"action": "attendance",
                                                       "booking": booking.pk, "present": "0"})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.NO_SHOW
    editor_client.post(urls(slot.offering)["detail"], {"action": "attendance",
                                                       "booking": booking.pk, "present": "1"})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.ATTENDED


def test_cancelling_a_slot_notifies_everyone(editor_client, booked_slot,
                                             django_capture_on_commit_callbacks):
    mail.outbox.clear()
    detail = urls(booked_slot.offering)["detail"]
    assert editor_client.post(detail, {"action": "cancel"}).status_code == 400  # unconfirmed
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(detail, {"action": "cancel", "cancel-confirm": "on",
                                    "cancel-message": "Grève des transports."})
    assert len(mail.outbox) == 2
    assert all("Grève des transports." in m.body for m in mail.outbox)
    assert not booked_slot.offering.bookings.filter(status=BookingStatus.CONFIRMED).exists()
