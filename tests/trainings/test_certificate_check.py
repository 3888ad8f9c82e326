"""What a certificate states (issuer, trainer, duration, issue date) and the public
verification page at /attestations/."""

import io
import re

import pytest
from django.core import mail
from django.core.files.images import ImageFile
from django.test import override_settings
from django.utils import timezone
from PIL import Image as PILImage
from pypdf import PdfReader
from wagtail.images import get_image_model
from wagtail.models import Site

from core.models import BrandingSettings
from core.typography import long_date
from plugins.trainings import services
from plugins.trainings.models import Certificate

from .test_attendance_paths_certificates import attend, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def branding(db):
    settings = BrandingSettings.for_site(Site.objects.get(is_default_site=True))
    settings.site_name = "Ville de Bellerive"
    settings.save()
    return settings


def _logo():
    buffer = io.BytesIO()
    PILImage.new("RGB", (300, 100), "#1f4e79").save(buffer, format="PNG")
    return get_image_model().objects.create(
        title="Logo", file=ImageFile(io.BytesIO(buffer.getvalue()), name="logo.png"))


@pytest.fixture
def certificate(branding, session, confirmed_booking, django_capture_on_commit_callbacks):
    booking = confirmed_booking(session, name="Léa Dubois")
    mail.outbox.clear()
    attend(session, booking, capture=django_capture_on_commit_callbacks)
    return Certificate.objects.get(booking=booking)


def _words(text):
    return " ".join(text.split())


def result_text(response):
    section = re.search(r'<section class="certificate-check".*?</section>',
                        response.content.decode(), re.S).group(0)
    return _words(re.sub(r"<[^>]+>", " ", section)).replace(" :", " :")


class TestWhatTheCertificateStates:
    def test_issuer_trainer_duration_and_issue_date(self, certificate):
        text = _words(pdf_text(bytes(certificate.pdf)))
        issued = long_date(certificate.issued_at)
        assert certificate.issuer_name == "Ville de Bellerive"
        assert certificate.trainer_names == "Tina Trainer"
        assert certificate.duration_minutes == 180
        assert "Formateur : Tina Trainer · Durée : 3 heures" in text
        assert f"Délivrée le {issued} par Ville de Bellerive" in text
        assert "Page 1 sur 1" in text
        assert "/attestations/ en saisissant son code" in text

    def test_first_of_the_month_is_written_1er(self, certificate):
        certificate.issued_at = timezone.make_aware(timezone.datetime(2026, 9, 1, 10))
        from plugins.trainings.certificates import render_certificate_pdf

        text = _words(pdf_text(render_certificate_pdf(certificate)))
        assert "Délivrée le 1er septembre 2026 par Ville de Bellerive" in text

    def test_site_logo_is_drawn(self, branding, certificate):
        from plugins.trainings.certificates import render_certificate_pdf

        without_logo = PdfReader(io.BytesIO(render_certificate_pdf(certificate))).pages[0]
        branding.logo = _logo()
        branding.save()
        with_logo = PdfReader(io.BytesIO(render_certificate_pdf(certificate))).pages[0]
        assert len(without_logo.images) == 1  # the QR code
        assert len(with_logo.images) == 2  # and the logo (one image, drawn twice)


class TestVerificationPage:
    def test_the_page_has_a_form_to_type_a_code(self, client):
        response = client.get("/attestations/")
        content = response.content.decode()
        assert response.status_code == 200
        assert '<input type="text" name="code"' in content
        assert 'class="certificate-check"' not in content

    def test_valid_code_names_whose_which_training_and_when(self, client, certificate):
        response = client.get("/attestations/", {"code": certificate.code.lower() + " "})
        assert response.status_code == 200
        issued = long_date(certificate.issued_at)
        assert result_text(response) == _words(
            f"Valide : ce site a délivré ce document. "
            f"Document Attestation de présence Titulaire Léa Dubois "
            f"Formation Le budget de la ville pour tous Dates {certificate.training_dates} "
            f"Formateur Tina Trainer Durée 3 heures Date de délivrance {issued} "
            f"Émetteur Ville de Bellerive Code {certificate.code}")
        assert certificate.holder_email not in response.content.decode()

    def test_bogus_code_is_not_found(self, client, certificate):
        response = client.get("/attestations/", {"code": "0123456789ABCDEF0123"})
        assert response.status_code == 404
        assert result_text(response) == ("Non trouvée : aucune attestation ne porte ce code. "
                                         "Vérifiez qu’il a été recopié en entier.")
        assert "Léa" not in response.content.decode()

    def test_the_link_and_qr_code_of_the_document_lead_to_the_page(self, client, certificate):
        text = pdf_text(bytes(certificate.pdf))
        url = f"http://testserver/attestations/{certificate.code}"
        assert url in text
        response = client.get(url.removeprefix("http://testserver"))
        assert result_text(response).startswith("Valide : ce site a délivré ce document.")
        assert f'value="{certificate.code}"' in response.content.decode()

    def test_empty_code_asks_for_one(self, client):
        response = client.get("/attestations/", {"code": ""})
        assert response.status_code == 400
        assert ('<p class="form-field__error" id="id_code_error"><span class="visually-hidden">'
                'Erreur : </span>Saisissez le code imprimé sur le document.</p>'
                ) in response.content.decode()

    @override_settings(ESSAIM_BOOKINGS_RATE_LIMIT_PER_IP=3)
    def test_checks_are_rate_limited(self, client, certificate):
        for _ in range(3):
            assert client.get("/attestations/", {"code": "NOPE"}).status_code == 404
        response = client.get("/attestations/", {"code": certificate.code})
        assert response.status_code == 429
        assert result_text(response) == ("Trop de vérifications en peu de temps : "
                                         "réessayez dans une heure.")
        assert "Léa" not in response.content.decode()

    def test_revoked_certificate_says_so(self, client, certificate):
        services.revoke_certificate(certificate, "Erreur de saisie")
        response = client.get("/attestations/", {"code": certificate.code})
        assert result_text(response).startswith(
            "Révoquée : ce document n’est plus valable.")
