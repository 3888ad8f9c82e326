"""A practice sheet as a PDF (reportlab), for reading offline and sharing."""

import io
import re

from django.utils import formats, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer


def _paragraphs(html):
    """Rich text to reportlab paragraphs: one per block, inline markup dropped."""
    blocks = re.split(r"</(?:p|h\d|li)>|<br\s*/?>", html or "")
    for block in blocks:
        text = strip_tags(block).strip()
        if text:
            yield text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape(text):
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_sheet_pdf(sheet, language="fr") -> bytes:
    with translation.override(language):
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(buffer, pagesize=A4, title=sheet.title,
                                author=sheet.territory.name, leftMargin=2 * cm,
                                rightMargin=2 * cm, topMargin=2 * cm, bottomMargin=2 * cm,
                                lang=language)
        styles = getSampleStyleSheet()
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
            facts.append((_("Start"), formats.date_format(sheet.start_date)))
        if sheet.total_cost is not None:
            cost = formats.number_format(sheet.total_cost, 0, force_grouping=True)
            facts.append((_("Total cost"), f"{cost} €"))
        for label, value in facts:
            story.append(Paragraph(f"<b>{_escape(label)}</b> : {_escape(value)}",
                                   styles["BodyText"]))
        story += [Spacer(1, 0.4 * cm), Paragraph(_escape(_("Key points")), styles["Heading2"]),
                  ListFlowable([ListItem(Paragraph(_escape(p), styles["BodyText"]))
                                for p in sheet.key_points], bulletType="bullet")]
        for heading, html in sheet.sections:
            story.append(Paragraph(_escape(heading), styles["Heading2"]))
            story += [Paragraph(text, styles["BodyText"]) for text in _paragraphs(html)]
        milestones = list(sheet.milestones.all())
        if milestones:
            story.append(Paragraph(_escape(_("Timeline")), styles["Heading2"]))
            story += [Paragraph(f"<b>{formats.date_format(m.date)}</b> — {_escape(m.label)}",
                                styles["BodyText"]) for m in milestones]
        story += [Spacer(1, 0.6 * cm), Paragraph(
            _escape(_("Licence: %(licence)s") % {"licence": sheet.get_licence_display()}),
            styles["Italic"])]
        doc.build(story)
        return buffer.getvalue()
