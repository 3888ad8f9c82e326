"""PDF attestations and certificates (reportlab), each with its verification QR code."""

from io import BytesIO

import qrcode
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from core.links import absolute_url
from core.pdf import draw_page_frame, site_branding
from core.typography import duration, long_date

from .models import CertificateKind

VERIFY_PATH = "/attestations/"


def verification_url(certificate) -> str:
    return absolute_url(certificate.verification_path())


def qr_png(data: str) -> bytes:
    image = qrcode.make(data, box_size=8, border=2)
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def render_certificate_pdf(certificate, language="fr", branding=None) -> bytes:
    """One landscape A4 page: who issues it, what, who, when, with whom, how long, and how
    to check it."""
    url = verification_url(certificate)
    branding = branding or site_branding()
    buffer = BytesIO()
    width, height = landscape(A4)
    centre = width / 2
    with translation.override(language or "fr"):
        if certificate.kind == CertificateKind.COMPLETION:
            heading = _("Certificate of completion")
            statement = _("has completed the learning path")
            issued = pgettext("certificate (masculine in French)", "Issued on %(date)s by "
                              "%(issuer)s")
        else:
            heading = _("Attestation of attendance")
            statement = _("attended the training")
            issued = pgettext("attestation (feminine in French)", "Issued on %(date)s by "
                              "%(issuer)s")
        issuer = certificate.issuer_name or branding.site_name
        pdf = canvas.Canvas(buffer, pagesize=(width, height), pageCompression=1)
        pdf.setTitle(f"{heading} – {certificate.training_title}")
        pdf.setAuthor(issuer)
        pdf.setLineWidth(2)
        pdf.rect(0.7 * cm, 0.7 * cm, width - 1.4 * cm, height - 1.4 * cm)
        draw_page_frame(pdf, branding, heading, 1, 1)
        logo = branding.logo_reader()
        if logo is not None:
            logo_width, logo_height = logo.getSize()
            drawn_height = 2.2 * cm
            drawn_width = min(logo_width * drawn_height / logo_height, 8 * cm)
            pdf.drawImage(logo, centre - drawn_width / 2, height - 4.8 * cm, width=drawn_width,
                          height=drawn_height, mask="auto", preserveAspectRatio=True)
        pdf.setFont("Helvetica-Bold", 14)
        pdf.drawCentredString(centre, height - 5.6 * cm, issuer)
        pdf.setFont("Helvetica-Bold", 26)
        pdf.drawCentredString(centre, height - 7.0 * cm, heading)
        pdf.setFont("Helvetica", 13)
        pdf.drawCentredString(centre, height - 8.2 * cm, _("We certify that"))
        pdf.setFont("Helvetica-Bold", 20)
        pdf.drawCentredString(centre, height - 9.3 * cm, certificate.holder_name)
        pdf.setFont("Helvetica", 13)
        pdf.drawCentredString(centre, height - 10.3 * cm, statement)
        pdf.setFont("Helvetica-Bold", 17)
        pdf.drawCentredString(centre, height - 11.4 * cm, certificate.training_title)
        pdf.setFont("Helvetica", 11)
        lines = []
        if certificate.training_dates:
            label = (_("Completed on: %(dates)s") if certificate.kind == CertificateKind.COMPLETION
                     else _("Dates: %(dates)s"))
            lines.append(label % {"dates": certificate.training_dates})
        details = []
        if certificate.trainer_names:
            count = certificate.trainer_names.count(", ") + 1
            details.append(ngettext("Trainer: %(names)s", "Trainers: %(names)s", count)
                           % {"names": certificate.trainer_names})
        if certificate.duration_minutes:
            details.append(_("Duration: %(duration)s")
                           % {"duration": duration(certificate.duration_minutes)})
        if details:
            lines.append(" · ".join(details))
        lines.append(issued % {"date": long_date(certificate.issued_at), "issuer": issuer})
        for number, line in enumerate(lines):
            pdf.drawCentredString(centre, height - (12.5 + 0.7 * number) * cm, line)
        pdf.drawImage(ImageReader(BytesIO(qr_png(url))), 2.2 * cm, 2.0 * cm,
                      width=3.6 * cm, height=3.6 * cm)
        pdf.setFont("Helvetica", 10)
        pdf.drawString(6.4 * cm, 4.6 * cm,
                       _("Verification code: %(code)s") % {"code": certificate.code})
        pdf.drawString(6.4 * cm, 3.9 * cm,
                       _("Check this document at %(url)s by typing its code, or open:")
                       % {"url": absolute_url(VERIFY_PATH)})
        pdf.drawString(6.4 * cm, 3.3 * cm, url)
        pdf.showPage()
        pdf.save()
    return buffer.getvalue()
