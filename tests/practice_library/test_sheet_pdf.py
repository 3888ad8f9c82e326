"""The sheet's PDF: the site's name on every page, a header and a footer numbering the pages,
and no heading left alone at the bottom of a page."""

import io
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.translation import gettext as _
from pypdf import PdfReader
from wagtail.models import Site

from core.models import BrandingSettings, Territory
from plugins.practice_library.models import SECTIONS, PracticeSheetPage
from plugins.practice_library.pdf import render_sheet_pdf

pytestmark = pytest.mark.django_db

TITLE = "Budget participatif des quartiers"
with translation.override("fr"):
    HEADINGS = {_("Key points"), _("Timeline"), *(str(heading) for _name, heading in SECTIONS)}
SENTENCE = ("Les habitants ont proposé des projets, les services les ont étudiés, puis un vote "
            "ouvert à tous a désigné ceux que la ville a réalisés dans l’année. ")


@pytest.fixture
def site_name(db):
    settings = BrandingSettings.for_site(Site.objects.get(is_default_site=True))
    settings.site_name = "Ville de Bellerive"
    settings.save()
    return settings.site_name


def long_sheet(filler):
    """A sheet whose every section has several paragraphs; ``filler`` sentences in the first
    one move every later heading down the pages."""
    territory = Territory.objects.get_or_create(
        insee_code="35238", defaults={"name": "Rennes", "population": 225_081,
                                      "kind": "commune", "region": "bretagne"})[0]
    sections = {name: "".join(f"<p>{SENTENCE * (3 + (i + n) % 4)}</p>" for n in range(3))
                for i, (name, _heading) in enumerate(SECTIONS)}
    sections["context"] = f"<p>{SENTENCE * filler}</p>" + sections["context"]
    return PracticeSheetPage(title=TITLE, territory=territory, key_point_1="Un vote ouvert",
                             key_point_2="Des projets réalisés", key_point_3="Un bilan public",
                             total_cost=Decimal("92000"), **sections)


def pages_of(data):
    return [[line.strip() for line in page.extract_text().splitlines() if line.strip()]
            for page in PdfReader(io.BytesIO(data)).pages]


def test_every_page_has_the_site_name_the_title_and_its_number(site_name):
    pages = pages_of(render_sheet_pdf(long_sheet(0), site=Site.objects.get()))
    total = len(pages)
    assert total >= 3
    for number, lines in enumerate(pages, start=1):
        assert lines.count(site_name) == 2  # header and footer
        assert TITLE in lines
        assert f"Page {number} sur {total}" in lines


def test_thousands_are_grouped(site_name):
    text = " ".join(" ".join(lines) for lines in pages_of(render_sheet_pdf(long_sheet(0))))
    assert "Coût total : 92 000 €" in text  # a no-break space, extracted as a space


@pytest.mark.parametrize("filler", range(0, 24))
def test_no_heading_is_the_last_thing_on_a_page(site_name, filler):
    pages = pages_of(render_sheet_pdf(long_sheet(filler)))
    frame = {site_name, TITLE, *(f"Page {n} sur {len(pages)}" for n in range(1, 9))}
    for lines in pages[:-1]:
        body = [line for line in lines if line not in frame]
        assert body[-1] not in HEADINGS, f"« {body[-1]} » ends a page"
