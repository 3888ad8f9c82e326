"""Who may see and do what: agents-only sessions, trainers' own sessions, residents' links."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.bookings import services as bookings
from core.bookings.models import Booking, BookingStatus

pytestmark = pytest.mark.django_db


def sign_up_data(email="lea@example.org", name="Léa Dubois"):
    return {"name": name, "email": email, "party_size": "1", "consent": "on"}


class TestAgentsOnlySessions:
    def test_anonymous_visitor_is_sent_to_log_in_and_cannot_book(self, client, make_session):
        session = make_session(agents_only=True)
        url = reverse("trainings:sign_up", args=[session.pk])
        for response in (client.get(url), client.post(url, sign_up_data())):
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("accounts:login"))
        assert not Booking.objects.exists()

    def test_signed_in_non_professional_is_refused(self, client, make_session, make_user):
        session = make_session(agents_only=True)
        client.force_login(make_user("resident@example.org"))
        response = client.post(reverse("trainings:sign_up", args=[session.pk]), sign_up_data())
        assert response.status_code == 403
        assert not Booking.objects.exists()

    def test_professional_books_with_their_account_address(self, client, make_session,
                                                           professional):
        session = make_session(agents_only=True)
        client.force_login(professional)
        response = client.post(reverse("trainings:sign_up", args=[session.pk]),
                               sign_up_data(email="someone.else@example.org"))
        assert response.status_code == 302
        assert Booking.objects.get().email == professional.email

    def test_open_session_accepts_anonymous_residents(self, client, session):
        response = client.post(reverse("trainings:sign_up", args=[session.pk]), sign_up_data())
        assert response.status_code == 302
        booking = Booking.objects.get()
        assert booking.status == BookingStatus.PENDING and booking.offering == session.offering


class TestTrainerWorkspace:
    def test_anonymous_is_sent_to_log_in(self, client, session):
        response = client.get(reverse("trainings:workspace"))
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]

    def test_non_trainer_is_refused(self, client, session, professional):
        client.force_login(professional)
        assert client.get(reverse("trainings:workspace")).status_code == 403
        assert client.get(reverse("trainings:workspace_session",
                                  args=[session.pk])).status_code == 403

    def test_trainer_sees_their_registrants_but_not_another_trainers(
            self, client, make_session, trainer, other_trainer, confirmed_booking):
        mine = make_session()
        theirs = make_session(trainers=[other_trainer])
        confirmed_booking(mine, name="Léa Dubois", email="lea@example.org")
        confirmed_booking(theirs, name="Noé Secret", email="noe@example.org")
        client.force_login(trainer)
        index = client.get(reverse("trainings:workspace")).content.decode()
        assert reverse("trainings:workspace_session", args=[mine.pk]) in index
        assert reverse("trainings:workspace_session", args=[theirs.pk]) not in index
        page = client.get(reverse("trainings:workspace_session", args=[mine.pk]))
        assert "Léa Dubois" in page.content.decode()
        for name in ("workspace_session", "workspace_export"):
            response = client.get(reverse(f"trainings:{name}", args=[theirs.pk]))
            assert response.status_code == 404
            assert b"Noe" not in response.content and b"noe@" not in response.content
        response = client.post(reverse("trainings:workspace_message", args=[theirs.pk]),
                               {"subject": "Hi", "body": "Hello"})
        assert response.status_code == 404

    def test_csv_export_lists_registrants_and_neutralises_formulas(
            self, client, session, trainer, confirmed_booking):
        from wagtail.models import ModelLogEntry

        confirmed_booking(session, name="=HYPERLINK(1)", email="x@example.org")
        confirmed_booking(session, name="@SOMME(A1)", email="-2+3@example.org")
        client.force_login(trainer)
        content = client.get(reverse("trainings:workspace_export",
                                     args=[session.pk])).content.decode("utf-8-sig")
        assert "'=HYPERLINK(1)" in content and "x@example.org" in content
        assert "'@SOMME(A1)" in content and "'-2+3@example.org" in content
        entry = ModelLogEntry.objects.get(action="bookings.export",
                                          object_id=str(session.offering_id))
        assert entry.user == trainer and entry.data["rows"] == 2

    def test_message_reaches_confirmed_participants_only(
            self, client, session, trainer, confirmed_booking, django_capture_on_commit_callbacks):
        confirmed_booking(session)
        bookings.book(session.offering, name="Pending", email="pending@example.org",
                      consent=True)
        client.force_login(trainer)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("trainings:workspace_message", args=[session.pk]),
                        {"subject": "Salle changée", "body": "Rendez-vous salle 4."})
        assert [m.to for m in mail.outbox] == [["lea@example.org"]]
        assert "Rendez-vous salle 4." in mail.outbox[0].body


class TestResidentLinks:
    def test_own_page_shows_the_online_link_only_once_confirmed(
            self, client, make_session, django_capture_on_commit_callbacks):
        session = make_session(online_link="https://visio.example.org/secret-room")
        with django_capture_on_commit_callbacks(execute=True):
            booking = bookings.book(session.offering, name="Léa", email="lea@example.org",
                                    consent=True)
        token = bookings.manage_token(booking)
        page = client.get(reverse("trainings:my_booking", args=[token]))
        assert page.status_code == 200 and b"secret-room" not in page.content
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            bookings.confirm(booking)
        page = client.get(reverse("trainings:my_booking", args=[token]))
        assert b"secret-room" in page.content
        access = [m for m in mail.outbox if "secret-room" in m.body]
        assert len(access) == 1 and access[0].to == ["lea@example.org"]
        # The email's link (signed a moment later than `token`) opens the same page.
        prefix = reverse("trainings:my_booking", args=["TOKEN"]).split("TOKEN")[0]
        link = re.search(re.escape(prefix) + r"[^\s/]+/", access[0].body)
        assert link and b"secret-room" in client.get(link.group(0)).content

    def test_public_pages_never_show_the_online_link(self, client, make_session):
        session = make_session(online_link="https://visio.example.org/secret-room")
        for url in (session.module.url, reverse("trainings:sign_up", args=[session.pk]),
                    "/formations/", reverse("trainings:calendar", args=[session.pk])):
            assert b"secret-room" not in client.get(url).content

    def test_a_link_for_one_booking_never_opens_anothers(self, client, session,
                                                         confirmed_booking):
        lea = confirmed_booking(session, name="Léa", email="lea@example.org")
        noe = confirmed_booking(session, name="Noé", email="noe@example.org")
        forged = bookings.manage_token(lea)[:-3] + "abc"
        assert client.get(reverse("trainings:my_booking", args=[forged])).status_code == 400
        page = client.get(reverse("trainings:my_booking", args=[bookings.manage_token(lea)]))
        assert "Léa" in page.content.decode() and "Noé" not in page.content.decode()
        assert noe.pk != lea.pk

    def test_professional_account_page_needs_login(self, client):
        response = client.get(reverse("trainings:my_trainings"))
        assert response.status_code == 302


def test_waitlist_and_capacity_come_from_the_engine(make_session, confirmed_booking):
    session = make_session(capacity=1, starts_in=timedelta(days=3))
    assert confirmed_booking(session, email="a@example.org").status == BookingStatus.CONFIRMED
    assert confirmed_booking(session, email="b@example.org").status == BookingStatus.WAITLISTED


def test_one_sign_up_sends_one_confirmation_with_the_access_details(
        make_session, confirmed_booking, mailoutbox):
    session = make_session(online_link="https://visio.example.org/salle-42")
    mailoutbox.clear()
    booking = confirmed_booking(session)
    to_her = [m for m in mailoutbox if m.to == [booking.email]]
    assert len(to_her) == 1, [m.subject for m in to_her]
    (message,) = to_her
    assert "https://visio.example.org/salle-42" in message.body
    # The token is timestamped: read the emailed one back rather than signing another.
    prefix = reverse("trainings:my_booking", args=["TOKEN"]).split("TOKEN")[0]
    token = re.search(re.escape(prefix) + r"([^/\s]+)/", message.body).group(1)
    assert bookings.booking_from_token(bookings.MANAGE_PURPOSE, token).pk == booking.pk


def test_attendance_buttons_wait_for_the_window_and_say_when(client, make_session, trainer,
                                                            confirmed_booking):
    session = make_session(starts_in=timedelta(days=2))
    confirmed_booking(session)
    client.force_login(trainer)
    html = client.get(reverse("trainings:workspace_session", args=[session.pk])).content.decode()
    assert "Les présences peuvent être notées à partir du" in html
    assert html.count('disabled aria-describedby="attendance-closed-') >= 3  # radios, button
    soon = make_session(starts_in=timedelta(minutes=30))
    confirmed_booking(soon, email="tom@example.org")
    html = client.get(reverse("trainings:workspace_session", args=[soon.pk])).content.decode()
    assert "disabled" not in html.split('id="attendance"')[1].split('id="message"')[0]


class TestSessionsInTheAdmin:
    """A trainer sees and changes only the sessions they lead; only editors choose who
    leads one (the hole: trainer B adding himself to A's session)."""

    def edit_url(self, session):
        return reverse("wagtailsnippets_trainings_trainingsession:edit", args=[session.pk])

    def test_another_trainers_session_is_out_of_reach(self, client, make_session, trainer,
                                                      other_trainer):
        theirs = make_session(trainers=[trainer])
        mine = make_session(trainers=[other_trainer])
        client.force_login(other_trainer)
        listing = client.get(reverse("wagtailsnippets_trainings_trainingsession:list"))
        assert listing.status_code == 200
        assert f"/edit/{mine.pk}/" in listing.content.decode()
        assert f"/edit/{theirs.pk}/" not in listing.content.decode()
        for name in ("edit", "delete", "history", "usage"):
            url = reverse(f"wagtailsnippets_trainings_trainingsession:{name}",
                          args=[theirs.pk])
            assert client.get(url).status_code == 404, name
        assert client.post(self.edit_url(theirs), {"place": "ailleurs"}).status_code == 404
        theirs.refresh_from_db()
        assert list(theirs.trainers.all()) == [trainer]

    def test_a_trainer_cannot_choose_who_leads_even_their_own(self, client, make_session,
                                                              other_trainer):
        mine = make_session(trainers=[other_trainer])
        client.force_login(other_trainer)
        form = client.get(self.edit_url(mine)).content.decode()
        assert 'name="trainers"' not in form and 'name="place"' in form

    def test_an_editor_chooses_the_trainers(self, client, make_session, make_user, trainer):
        session = make_session(trainers=[trainer])
        editor = make_user("editrice@example.org", "Éditeurs", is_staff=True)
        client.force_login(editor)
        response = client.get(self.edit_url(session))
        assert response.status_code == 200 and 'name="trainers"' in response.content.decode()

    def test_a_session_a_trainer_creates_is_led_by_them(self, module, other_trainer):
        from plugins.trainings.models import TrainingSession

        form_class = TrainingSession.get_edit_handler().get_form_class()
        start = timezone.now() + timedelta(days=3)
        data = {"module": module.pk, "place": "Salle 1", "capacity": 12,
                "parts-TOTAL_FORMS": 1, "parts-INITIAL_FORMS": 0, "parts-MIN_NUM_FORMS": 1,
                "parts-MAX_NUM_FORMS": 1000, "parts-0-title": "",
                "parts-0-starts_at": start.strftime("%Y-%m-%d %H:%M"),
                "parts-0-ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
                "parts-0-ORDER": 1}
        form = form_class(data, instance=TrainingSession(), for_user=other_trainer)
        assert form.is_valid(), form.errors
        session = form.save()
        assert list(session.trainers.all()) == [other_trainer]
        assert session.offering is not None


class TestSessionMaterials:
    """Documents added for a session are its participants' only: not in the public API,
    not served to a visitor, downloadable from the participant's signed page; uploads
    are judged by their content."""

    PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

    def add(self, client, session, name, content):
        from django.core.files.uploadedfile import SimpleUploadedFile

        return client.post(reverse("trainings:workspace_material", args=[session.pk]),
                           {"title": "Support", "file": SimpleUploadedFile(name, content)})

    def test_materials_are_private_and_reach_participants(self, client, make_session, trainer,
                                                          confirmed_booking):
        from plugins.trainings.models import SessionMaterial

        session = make_session()
        booking = confirmed_booking(session)
        client.force_login(trainer)
        assert self.add(client, session, "support.pdf", self.PDF).status_code == 302
        material = SessionMaterial.objects.get(session=session)
        client.logout()
        assert client.get(material.document.url).status_code in (302, 403)
        listed = client.get("/api/v2/documents/").json()
        assert material.document.pk not in [item["id"] for item in listed["items"]]
        own = reverse("trainings:my_booking_material",
                      args=[bookings.manage_token(booking), material.pk])
        response = client.get(own)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == self.PDF
        stranger = confirmed_booking(make_session(), email="autre@example.org")
        assert client.get(reverse("trainings:my_booking_material", args=[
            bookings.manage_token(stranger), material.pk])).status_code == 404

    @pytest.mark.parametrize(("name", "content"), [
        ("support.pdf", b"<html><script>alert(1)</script></html>"),
        ("support.html", b"<html></html>"),
        ("image.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        ("outil.exe", b"MZ\x90\x00\x03"),
        ("notes.txt", b"<script>alert(1)</script>"),
        ("gros.pdf", b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024)),
    ])
    def test_uploads_are_refused_by_their_content_and_size(self, client, make_session, trainer,
                                                           name, content):
        from plugins.trainings.models import SessionMaterial

        session = make_session()
        client.force_login(trainer)
        response = self.add(client, session, name, content)
        assert response.status_code == 400
        assert not SessionMaterial.objects.filter(session=session).exists()
