"""The practice sheet as a search document, for both search engines."""

from elasticsearch_dsl import Date, Document, Integer, Keyword, Text

from search.documents import SearchDocument

FRENCH = "french"


class PracticeSheetDocument(Document):
    title = Text(analyzer=FRENCH, fields={"raw": Keyword()})
    key_points = Text(analyzer=FRENCH)
    body = Text(analyzer=FRENCH)
    territory = Text(analyzer=FRENCH, fields={"raw": Keyword()})
    # What people search for besides the text: the labels of the sheet's challenges,
    # mechanisms, themes and audiences, and where it happens (département, région,
    # kind of territory, population).
    taxonomy = Text(analyzer=FRENCH)
    place = Text(analyzer=FRENCH)
    url = Keyword(index=False)
    challenge = Keyword(multi=True)
    mechanism = Keyword(multi=True)
    theme = Keyword(multi=True)
    audience = Keyword(multi=True)
    level = Keyword()
    recruitment = Keyword()
    kind = Keyword()
    size = Keyword()
    region = Keyword()
    year = Integer()
    origin = Keyword()
    published_at = Date()
    updated_at = Date()

    class Index:
        name = "practice_sheets"


FACETS = ("challenge", "mechanism", "theme", "audience", "level", "recruitment", "kind",
          "size", "region", "year", "origin")
TIERS = {"key_points": "summary", "taxonomy": "labels", "territory": "labels",
         "place": "labels"}


def place_text(territory) -> str:
    """The territory's département, région, kind and population bracket, in French words."""
    from django.conf import settings
    from django.utils import translation

    from core.models import PopulationBracket, Region, TerritoryKind

    parts = [territory.departement]
    with translation.override(settings.LANGUAGE_CODE):
        if territory.region:
            parts.append(str(Region(territory.region).label))
        parts.append(str(TerritoryKind(territory.kind).label))
        if territory.population_bracket:
            parts.append(translation.gettext("%(bracket)s inhabitants") % {
                "bracket": PopulationBracket(territory.population_bracket).label})
    return "\n".join(part for part in parts if part)


# The "origin" facet value of this site's own sheets; received ones carry their
# instance's host (federation/documents.py).
LOCAL_ORIGIN = "local"


def prepare(sheet) -> dict:
    """The data both engines index for one live practice sheet."""
    from search.text import plain_text

    from .models import SECTIONS

    territory = sheet.territory
    # Each relation read once (prefetched by searchable_sheets: no query).
    challenges, mechanisms, themes, audiences = (
        list(items.all()) for items in (sheet.challenges, sheet.mechanisms, sheet.themes,
                                        sheet.audiences))
    return {
        "id": sheet.pk,
        "title": sheet.title,
        "key_points": "\n".join(sheet.key_points),
        "body": "\n".join(text for name, _h in SECTIONS
                           if (text := plain_text(getattr(sheet, name)))),
        "territory": territory.name,
        "taxonomy": "\n".join(item.name for items in (challenges, mechanisms, themes,
                                                       audiences) for item in items),
        "place": place_text(territory),
        "url": sheet.url,
        "challenge": [c.slug for c in challenges],
        "mechanism": [m.slug for m in mechanisms],
        "theme": [t.slug for t in themes],
        "audience": [a.slug for a in audiences],
        "level": sheet.participation_level or None,
        "recruitment": sheet.recruitment or None,
        "kind": territory.kind,
        "size": territory.population_bracket,
        "region": territory.region or None,
        "year": sheet.start_date.year if sheet.start_date else None,
        "origin": LOCAL_ORIGIN,
        "published_at": sheet.first_published_at,
        "updated_at": sheet.last_published_at,
    }


def searchable_sheets():
    from .models import PracticeSheetPage

    return (PracticeSheetPage.objects.live().public().select_related("territory")
            .prefetch_related("challenges", "mechanisms", "themes", "audiences"))


def search_document() -> SearchDocument:
    from django.utils.translation import gettext_lazy as _

    from .federation.documents import source
    from .finder import facet_labels

    return SearchDocument(name="practice_sheet", label=_("Practice sheets"),
                          document=PracticeSheetDocument, queryset=searchable_sheets,
                          prepare=prepare, facets=FACETS, tiers=TIERS,
                          similar_facets=("challenge", "mechanism"),
                          sources=(source(),), facet_labels=facet_labels)
