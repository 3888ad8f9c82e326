"""The practice sheet as a search document, for both search engines."""

import re

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
    return place_texts([territory])[territory.pk]


def place_texts(territories) -> dict:
    """{territory id: place_text(territory)}, the language switched once for them all."""
    from django.conf import settings
    from django.utils import translation

    from core.models import PopulationBracket, Region, TerritoryKind

    texts = {}
    with translation.override(settings.LANGUAGE_CODE):
        for territory in territories:
            parts = [territory.departement]
            if territory.region:
                parts.append(str(Region(territory.region).label))
            parts.append(str(TerritoryKind(territory.kind).label))
            if territory.population_bracket:
                parts.append(translation.gettext("%(bracket)s inhabitants") % {
                    "bracket": PopulationBracket(territory.population_bracket).label})
            texts[territory.pk] = "\n".join(part for part in parts if part)
    return texts


# The "origin" facet value of this site's own sheets; received ones carry their
# instance's host (federation/documents.py).
LOCAL_ORIGIN = "local"


# The sheet's own fields that its search data reads (prepare_batch reads only these).
DATA_FIELDS = ("title", "key_point_1", "key_point_2", "key_point_3", "participation_level",
               "recruitment", "start_date", "first_published_at", "last_published_at")
RELATIONS = ("challenges", "mechanisms", "themes", "audiences")


def prepare(sheet) -> dict:
    """The data both engines index for one live practice sheet."""
    from .models import SECTIONS

    values = {name: getattr(sheet, name) for name in DATA_FIELDS}
    values.update({name: getattr(sheet, name) for name, _h in SECTIONS})
    # Each relation read once (prefetched by searchable_sheets: no query).
    labels = {relation: [(item.name, item.slug) for item in getattr(sheet, relation).all()]
              for relation in RELATIONS}
    return sheet_data(sheet.pk, values, sheet.territory, labels, sheet.url,
                      place_text(sheet.territory))


def prepare_batch(queryset) -> list[dict]:
    """``[prepare(sheet) for sheet in queryset]`` for a batch of the reindex, without
    building the pages: their fields as values, their territories in one query, each
    relation's (name, slug) pairs in one query, the URLs from one set of site root paths.
    """
    from core.models import Territory

    from .models import SECTIONS, PracticeSheetPage

    rows = list(queryset.prefetch_related(None).values(
        "pk", "territory_id", "url_path", *DATA_FIELDS, *(name for name, _h in SECTIONS)))
    if not rows:
        return []
    pks = [row["pk"] for row in rows]
    territories = Territory.objects.in_bulk({row["territory_id"] for row in rows})
    labels = {pk: {relation: [] for relation in RELATIONS} for pk in pks}
    for relation in RELATIONS:
        through = getattr(PracticeSheetPage, relation).through
        target = getattr(PracticeSheetPage, relation).field.m2m_reverse_field_name()
        ordering = [f"{target}__{field}" for field in
                    through._meta.get_field(target).related_model._meta.ordering]
        for sheet_id, name, slug in (through.objects.filter(practicesheetpage_id__in=pks)
                                     .order_by(*ordering)
                                     .values_list("practicesheetpage_id", f"{target}__name",
                                                  f"{target}__slug")):
            labels[sheet_id][relation].append((name, slug))
    places = place_texts(territories.values())
    url = _page_urls(PracticeSheetPage)
    return [sheet_data(row["pk"], row, territories[row["territory_id"]], labels[row["pk"]],
                       url(row["url_path"]), places[row["territory_id"]]) for row in rows]


# A last segment of a path that Wagtail's serve URL takes as it is (nothing quoted).
_PLAIN_SEGMENT = re.compile(r"[A-Za-z0-9_-]+")


def _page_urls(model):
    """url_path → the URL ``Page.url`` gives a page of ``model`` there, for a batch.

    One unsaved page computes the URLs (Wagtail keeps the site root paths on it: read
    once). A page whose slug needs no quoting is at its parent's URL followed by the
    slug (Wagtail's serve URL is the path under the site root), so the URL of each
    parent is worked out once."""
    probe = model()
    parents = {}

    def page_url(url_path):
        probe.url_path = url_path
        return probe.url

    def url(url_path):
        parent, _sep, segment = url_path[:-1].rpartition("/")
        if not url_path.endswith("/") or not _PLAIN_SEGMENT.fullmatch(segment):
            return page_url(url_path)
        if parent not in parents:
            # The parent's own URL, or None when the path under it is not what follows.
            sample = page_url(url_path)
            base = page_url(f"{parent}/")
            parents[parent] = (base if base is not None and sample == f"{base}{segment}/"
                               else None)
        base = parents[parent]
        return f"{base}{segment}/" if base is not None else page_url(url_path)

    return url


def sheet_data(pk, values: dict, territory, labels: dict, url, place) -> dict:
    """The search data of a sheet from its ``values`` (DATA_FIELDS and the sections), its
    territory, its relations' (name, slug) pairs by relation, its URL and its place text
    (place_text)."""
    from search.text import plain_text

    from .models import SECTIONS

    challenges, mechanisms, themes, audiences = (labels[relation] for relation in RELATIONS)
    start_date = values["start_date"]
    return {
        "id": pk,
        "title": values["title"],
        "key_points": "\n".join(point for point in (values["key_point_1"],
                                                    values["key_point_2"],
                                                    values["key_point_3"]) if point),
        "body": "\n".join(text for name, _h in SECTIONS
                           if (text := plain_text(values[name]))),
        "territory": territory.name,
        "taxonomy": "\n".join(name for items in (challenges, mechanisms, themes, audiences)
                               for name, _slug in items),
        "place": place,
        "url": url,
        "challenge": [slug for _name, slug in challenges],
        "mechanism": [slug for _name, slug in mechanisms],
        "theme": [slug for _name, slug in themes],
        "audience": [slug for _name, slug in audiences],
        "level": values["participation_level"] or None,
        "recruitment": values["recruitment"] or None,
        "kind": territory.kind,
        "size": territory.population_bracket,
        "region": territory.region or None,
        "year": start_date.year if start_date else None,
        "origin": LOCAL_ORIGIN,
        "published_at": values["first_published_at"],
        "updated_at": values["last_published_at"],
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
                          prepare=prepare, prepare_batch=prepare_batch,
                          facets=FACETS, tiers=TIERS,
                          similar_facets=("challenge", "mechanism"),
                          sources=(source(),), facet_labels=facet_labels)
