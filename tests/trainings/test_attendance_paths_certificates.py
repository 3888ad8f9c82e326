"""Attendance per part, learning-path completion, certificates and their verification."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from core.bookings import services as bookings
from core.bookings.models import BookingStatus
from plugins.trainings import services
from plugins.trainings.models import Certificate, CertificateKind, LearningPathPage, PathModule

pytestmark = pytest.mark.django_db


def attend(session, booking, present=True, capture=None):
    part = session.sorted_parts()[0]
    now = part.starts_at + timedelta(minutes=5)
    if capture is None:
        return services.record_part_attendance(session, part, booking, present, now=now)
    with capture(execute=True):
        return services.record_part_attendance(session, part, booking, present, now=now)


def pdf_text(data):
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


class TestAttendance:
    def test_parts_are_marked_and_the_booking_follows(self, make_session, confirmed_booking):
        session = make_session(parts=2)
        booking = confirmed_booking(session)
        first, second = session.sorted_parts()
        later = second.starts_at + timedelta(minutes=1)
        booking = services.record_part_attendance(session, first, booking, False, now=later)
        assert booking.status == BookingStatus.NO_SHOW
        booking = services.record_part_attendance(session, second, booking, True, now=later)
        assert booking.status == BookingStatus.ATTENDED
        assert services.attendance_sheet(session) == {(first.pk, booking.pk): False,
                                                      (second.pk, booking.pk): True}

    def test_attendance_cannot_be_marked_days_before(self, make_session, confirmed_booking):
        session = make_session(starts_in=timedelta(days=3))
        booking = confirmed_booking(session)
        with pytest.raises(bookings.NotAllowed):
            services.record_part_attendance(session, session.sorted_parts()[0], booking, True)

    def test_trainer_marks_attendance_from_the_sheet(self, client, make_session, trainer,
                                                     confirmed_booking,
                                                     django_capture_on_commit_callbacks):
        session = make_session(starts_in=timedelta(minutes=30))
        booking = confirmed_booking(session)
        client.force_login(trainer)
        part = session.sorted_parts()[0]
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("trainings:workspace_attendance",
                                           args=[session.pk, part.pk]),
                                   {f"booking-{booking.pk}": "present"})
        assert response.status_code == 302
        booking.refresh_from_db()
        assert booking.status == BookingStatus.ATTENDED
        assert Certificate.objects.get(booking=booking).kind == CertificateKind.ATTENDANCE


class TestLearningPathCompletion:
    @pytest.fixture
    def path(self, catalogue, make_module):
        modules = [make_module(title=f"Module {n}") for n in range(4)]
        path = LearningPathPage(title="Parcours test", slug="parcours-test")
        catalogue.add_child(instance=path)
        for order, (module, required) in enumerate(
                zip(modules, (True, True, False, False), strict=True)):
            PathModule.objects.create(path=path, module=module, required=required,
                                      sort_order=order)
        path.optional_modules_required = 1
        path.save_revision().publish()
        return LearningPathPage.objects.get(pk=path.pk), modules

    def test_all_required_and_n_optional_complete_the_path(self, path, make_session,
                                                           confirmed_booking):
        path, modules = path
        email = "lea@example.org"
        for index, module in enumerate(modules[:3]):
            assert not services.path_progress(path, email)["complete"]
            assert services.issue_completion_certificate(path, email, "Léa") is None
            session = make_session(for_module=module)
            attend(session, confirmed_booking(session, email=email))
            progress = services.path_progress(path, email)
            assert progress["complete"] is (index == 2)
        certificate = services.issue_completion_certificate(path, email, "Léa")
        assert certificate.kind == CertificateKind.COMPLETION
        assert services.issue_completion_certificate(path, email, "Léa") == certificate

    def test_optional_modules_do_not_replace_required_ones(self, path, make_session,
                                                           confirmed_booking):
        path, modules = path
        for module in (modules[0], modules[2], modules[3]):
            session = make_session(for_module=module)
            attend(session, confirmed_booking(session))
        assert not services.path_progress(path, "lea@example.org")["complete"]

    def test_absence_does_not_count(self, path, make_session, confirmed_booking):
        path, modules = path
        for module in modules[:3]:
            session = make_session(for_module=module)
            attend(session, confirmed_booking(session), present=False)
        assert services.path_progress(path, "lea@example.org")["optional_done"] == 0

    def test_attending_the_last_module_issues_the_certificate(
            self, path, make_session, confirmed_booking, django_capture_on_commit_callbacks):
        path, modules = path
        for module in modules[:3]:
            session = make_session(for_module=module)
            attend(session, confirmed_booking(session), capture=django_capture_on_commit_callbacks)
        assert Certificate.objects.filter(kind=CertificateKind.ATTENDANCE).count() == 3
        assert Certificate.objects.get(kind=CertificateKind.COMPLETION).path == path


class TestCertificates:
    @pytest.fixture
    def certificate(self, session, confirmed_booking, django_capture_on_commit_callbacks):
        booking = confirmed_booking(session, name="Léa Dubois")
        mail.outbox.clear()
        attend(session, booking, capture=django_capture_on_commit_callbacks)
        return Certificate.objects.get(booking=booking)

    def test_pdf_names_the_holder_training_date_and_code(self, certificate, session):
        text = pdf_text(bytes(certificate.pdf))
        day = f"{timezone.localtime(session.offering.starts_at):%d/%m/%Y}"
        for expected in ("Attestation de présence", "Léa Dubois", session.module.title, day,
                         certificate.code, f"/attestations/{certificate.code}"):
            assert expected in text

    def test_holder_is_emailed_a_link_to_download_it(self, client, certificate):
        message = [m for m in mail.outbox if certificate.code in m.body][0]
        link = next(w for w in message.body.split() if "/formations/inscription/" in w)
        page = client.get(link.replace("http://testserver", ""))
        assert certificate.code in page.content.decode()
        token = link.rstrip("/").rsplit("/", 1)[1]
        pdf = client.get(reverse("trainings:my_booking_certificate",
                                 args=[token, certificate.code]))
        assert pdf["Content-Type"] == "application/pdf"
        assert bytes(pdf.content) == bytes(certificate.pdf)

    def test_valid_code_shows_only_holder_and_training(self, client, certificate):
        response = client.get(reverse("trainings:verify_certificate", args=[certificate.code]))
        content = response.content.decode()
        assert response.status_code == 200 and 'data-state="valid"' in content
        assert "Léa Dubois" in content and certificate.training_title in content
        assert certificate.holder_email not in content

    def test_revoked_code_says_so(self, client, certificate):
        services.revoke_certificate(certificate, "Erreur de saisie")
        response = client.get(reverse("trainings:verify_certificate", args=[certificate.code]))
        assert 'data-state="revoked"' in response.content.decode()

    @pytest.mark.parametrize("code", ["UNKNOWN", "0" * 20, "../../admin", "x" * 200])
    def test_unknown_or_forged_codes_are_unknown(self, client, certificate, code):
        response = client.get(f"/attestations/{code}")
        assert response.status_code == 404
        assert "Léa" not in response.content.decode()

    def test_forged_code_close_to_a_real_one_is_unknown(self, client, certificate):
        forged = certificate.code[:-1] + ("0" if certificate.code[-1] != "0" else "1")
        response = client.get(reverse("trainings:verify_certificate", args=[forged]))
        assert response.status_code == 404

    def test_codes_are_random_and_long(self):
        codes = {services.new_code() for _ in range(200)}
        assert len(codes) == 200 and all(len(code) == 20 for code in codes)

    def test_a_resident_cannot_download_someone_elses_certificate(
            self, client, certificate, session, confirmed_booking):
        other = confirmed_booking(session, name="Noé", email="noe@example.org")
        response = client.get(reverse("trainings:my_booking_certificate",
                                      args=[bookings.manage_token(other), certificate.code]))
        assert response.status_code == 404

    def test_professional_downloads_theirs_from_their_account(
            self, client, session, professional, confirmed_booking,
            django_capture_on_commit_callbacks):
        booking = confirmed_booking(session, name="Alex Agent", email=professional.email)
        attend(session, booking, capture=django_capture_on_commit_callbacks)
        code = Certificate.objects.get(booking=booking).code
        client.force_login(professional)
        page = client.get(reverse("trainings:my_trainings")).content.decode()
        assert code in page
        assert client.get(reverse("trainings:my_certificate",
                                  args=[code]))["Content-Type"] == "application/pdf"

    def test_revoked_certificate_is_no_longer_downloadable(self, client, certificate):
        services.revoke_certificate(certificate)
        token = bookings.manage_token(certificate.booking)
        response = client.get(reverse("trainings:my_booking_certificate",
                                      args=[token, certificate.code]))
        assert response.status_code == 404
