"""PDF attestations and certificates (reportlab), each with its verification QR code."""

from io import BytesIO

import qrcode
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from core.links import absolute_url

from .models import CertificateKind


def verification_url(certificate) -> str:
    return absolute_url(certificate.verification_path())


def qr_png(data: str) -> bytes:
    image = qrcode.make(data, box_size=8, border=2)
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def render_certificate_pdf(certificate, language="fr") -> bytes:
    """One landscape A4 page: what, who, when, and how to check it."""
    url = verification_url(certificate)
    buffer = BytesIO()
    width, height = landscape(A4)
    with translation.override(language or "fr"):
        if certificate.kind == CertificateKind.COMPLETION:
            heading = _("Certificate of completion")
            statement = _("has completed the learning path")
        else:
            heading = _("Attestation of attendance")
            statement = _("attended the training")
        pdf = canvas.Canvas(buffer, pagesize=(width, height), pageCompression=1)
        pdf.setTitle(f"{heading} – {certificate.training_title}")
        pdf.setAuthor("Essaim")
        pdf.setLineWidth(2)
        pdf.rect(1.2 * cm, 1.2 * cm, width - 2.4 * cm, height - 2.4 * cm)
        pdf.setFont("Helvetica-Bold", 28)
        pdf.drawCentredString(width / 2, height - 4 * cm, heading)
        pdf.setFont("Helvetica", 14)
        pdf.drawCentredString(width / 2, height - 6 * cm, _("We certify that"))
        pdf.setFont("Helvetica-Bold", 22)
        pdf.drawCentredString(width / 2, height - 7.3 * cm, certificate.holder_name)
        pdf.setFont("Helvetica", 14)
        pdf.drawCentredString(width / 2, height - 8.6 * cm, statement)
        pdf.setFont("Helvetica-Bold", 18)
        pdf.drawCentredString(width / 2, height - 9.9 * cm, certificate.training_title)
        pdf.setFont("Helvetica", 12)
        if certificate.training_dates:
            label = (_("Completed on: %(dates)s") if certificate.kind == CertificateKind.COMPLETION
                     else _("Dates: %(dates)s"))
            pdf.drawCentredString(width / 2, height - 11.2 * cm,
                                  label % {"dates": certificate.training_dates})
        issued = timezone.localtime(certificate.issued_at)
        pdf.drawCentredString(width / 2, height - 12.2 * cm,
                              _("Issued on %(date)s") % {"date": f"{issued:%d/%m/%Y}"})
        pdf.drawImage(ImageReader(BytesIO(qr_png(url))), 2.2 * cm, 2.2 * cm,
                      width=4 * cm, height=4 * cm)
        pdf.setFont("Helvetica", 10)
        pdf.drawString(6.8 * cm, 4.6 * cm,
                       _("Verification code: %(code)s") % {"code": certificate.code})
        pdf.drawString(6.8 * cm, 3.9 * cm, _("Check this document at:"))
        pdf.drawString(6.8 * cm, 3.3 * cm, url)
        pdf.showPage()
        pdf.save()
    return buffer.getvalue()
