"""A practice sheet as a PDF (reportlab), for reading offline and sharing."""

import io
import re

from django.utils import formats, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer

from core.pdf import heading, heading_styles, numbered_canvas, site_branding
from core.typography import long_date


def _paragraphs(html):
    """Rich text to reportlab paragraphs: one per block, inline markup dropped."""
    blocks = re.split(r"</(?:p|h\d|li)>|<br\s*/?>", html or "")
    for block in blocks:
        text = strip_tags(block).strip()
        if text:
            yield _escape(text)


def _escape(text):
    # The PDF's standard fonts have no narrow no-break space (the French thousands
    # separator): a no-break space prints in its place.
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\u202f", "\xa0"))


def render_sheet_pdf(sheet, language="fr", site=None) -> bytes:
    """The sheet on A4 pages, each with the site's logo and name, the sheet's title and
    "Page n sur N"; a heading never ends a page."""
    with translation.override(language):
        buffer = io.BytesIO()
        branding = site_branding(site or (sheet.get_site() if sheet.pk else None))
        doc = SimpleDocTemplate(buffer, pagesize=A4, title=sheet.title,
                                author=sheet.territory.name, creator=branding.site_name,
                                leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2.4 * cm,
                                bottomMargin=2.4 * cm, lang=language)
        styles = heading_styles()
        story = [Paragraph(_escape(sheet.title), styles["Title"]),
                 Paragraph(_escape(sheet.territory.name), styles["Heading3"])]
        facts = []
        if sheet.participation_level:
            facts.append((_("Participation level"), sheet.get_participation_level_display()))
        mechanisms = ", ".join(m.name for m in sheet.mechanisms.all())
        if mechanisms:
            facts.append((_("Mechanisms"), mechanisms))
        challenges = ", ".join(c.name for c in sheet.challenges.all())
        if challenges:
            facts.append((_("Challenges addressed"), challenges))
        if sheet.participants_count:
            facts.append((_("Participants"), str(sheet.participants_count)))
        if sheet.start_date:
            facts.append((_("Start"), long_date(sheet.start_date)))
        if sheet.total_cost is not None:
            cost = formats.number_format(sheet.total_cost, 0, force_grouping=True)
            facts.append((_("Total cost"), f"{cost} €"))
        for label, value in facts:
            story.append(Paragraph(f"<b>{_escape(label)}</b> : {_escape(value)}",
                                   styles["BodyText"]))
        story += [Spacer(1, 0.4 * cm),
                  *heading(Paragraph(_escape(_("Key points")), styles["Heading2"])),
                  ListFlowable([ListItem(Paragraph(_escape(p), styles["BodyText"]))
                                for p in sheet.key_points], bulletType="bullet")]
        for title, html in sheet.sections:
            story += heading(Paragraph(_escape(title), styles["Heading2"]))
            story += [Paragraph(text, styles["BodyText"]) for text in _paragraphs(html)]
        milestones = list(sheet.milestones.all())
        if milestones:
            story += heading(Paragraph(_escape(_("Timeline")), styles["Heading2"]))
            story += [Paragraph(f"<b>{_escape(long_date(m.date))}</b> — {_escape(m.label)}",
                                styles["BodyText"]) for m in milestones]
        story += [Spacer(1, 0.6 * cm), Paragraph(
            _escape(_("Licence: %(licence)s") % {"licence": sheet.get_licence_display()}),
            styles["Italic"])]
        doc.build(story, canvasmaker=numbered_canvas(branding, header=sheet.title))
        return buffer.getvalue()
