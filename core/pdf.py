"""What every PDF the site produces shares (reportlab): the site's name and logo from the
branding settings, a header and a footer numbering the pages ("Page 2 sur 3"), and
headings that never end a page."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from io import BytesIO

from django.utils.translation import gettext as _
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas
from reportlab.platypus import CondPageBreak

logger = logging.getLogger(__name__)

# Room a heading needs below it (itself and a few lines of what it introduces):
# with less than that left on the page, the heading starts the next one.
HEADING_ROOM = 3.5 * cm


@dataclass
class Branding:
    site_name: str
    logo: bytes | None  # PNG, or None when no logo is set or it cannot be read

    def logo_reader(self):
        return ImageReader(BytesIO(self.logo)) if self.logo else None


def site_branding(site=None) -> Branding:
    """The name and logo set in the branding settings of ``site`` (the default site
    when None)."""
    from wagtail.models import Site

    from core.models import BrandingSettings

    site = site or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return Branding("Essaim", None)
    settings = BrandingSettings.for_site(site)
    return Branding(settings.site_name or "Essaim", _logo_png(settings.logo))


def _logo_png(image) -> bytes | None:
    if image is None:
        return None
    try:
        rendition = image.get_rendition("max-600x240|format-png")
        with rendition.file.open("rb") as file:
            return file.read()
    except Exception:  # a missing file or a format Pillow cannot read: print the name only
        logger.warning("The logo could not be drawn in a PDF", exc_info=True)
        return None


def heading_styles():
    """reportlab's sample styles, with every heading kept with what follows it."""
    styles = getSampleStyleSheet()
    for name in ("Title", "Heading1", "Heading2", "Heading3", "Heading4"):
        styles[name].keepWithNext = 1
    return styles


def heading(paragraph):
    """A heading flowable preceded by a conditional page break, so it is never stranded at
    the bottom of a page (keepWithNext alone gives up when what follows is long)."""
    return [CondPageBreak(HEADING_ROOM), paragraph]


def numbered_canvas(branding: Branding, header: str = ""):
    """A reportlab canvas class drawing, once the page count is known, the site's logo and
    name with ``header`` at the top of each page and "Page n sur N" at the bottom."""

    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                draw_page_frame(self, branding, header, self._pageNumber, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def page_label(number, total) -> str:
    return _("Page %(number)s of %(total)s") % {"number": number, "total": total}


def draw_page_frame(pdf, branding: Branding, header, number, total, margin=2 * cm):
    width, height = pdf._pagesize
    pdf.saveState()
    top = height - 1.2 * cm
    x = margin
    logo = branding.logo_reader()
    if logo is not None:
        logo_width, logo_height = logo.getSize()
        drawn_height = 0.7 * cm
        drawn_width = min(logo_width * drawn_height / logo_height, 4 * cm)
        pdf.drawImage(logo, x, top - 0.35 * cm, width=drawn_width,
                      height=drawn_height, mask="auto", preserveAspectRatio=True)
        x += drawn_width + 0.3 * cm
    pdf.setFont("Helvetica-Bold", 9)
    pdf.drawString(x, top - 0.2 * cm, branding.site_name)
    if header:
        pdf.setFont("Helvetica", 9)
        pdf.drawRightString(width - margin, top - 0.2 * cm, _truncate(header, 70))
    pdf.setLineWidth(0.5)
    pdf.line(margin, top - 0.45 * cm, width - margin, top - 0.45 * cm)
    pdf.line(margin, 1.6 * cm, width - margin, 1.6 * cm)
    pdf.setFont("Helvetica", 8)
    pdf.drawString(margin, 1.1 * cm, branding.site_name)
    pdf.drawRightString(width - margin, 1.1 * cm, page_label(number, total))
    pdf.restoreState()


def _truncate(text, length):
    text = str(text)
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
