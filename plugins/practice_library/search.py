"""Searching the practice library: one function, query + filters + sort + page.

For now it runs on the database (ORM filters and grouped counts); the search
issue will route the same call through the search engine API. The number of
SQL queries is fixed: one per facet, plus the count and the page of results,
whatever the number of sheets.

Facets combine as users expect: values of one facet are OR-ed, facets are
AND-ed, and each facet's counts ignore that facet's own selection (so
choosing "youth council" still shows how many sheets "neighbourhood council"
would add).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_

from django.core.paginator import EmptyPage, Paginator
from django.db.models import Case, CharField, Count, Q, Value, When
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

# No model import at module level: Celery's Django fix-up puts the working directory on
# sys.path, so a tool run from this folder (makemessages) imports this file as the top-level
# ``search`` app before the app registry is ready.

PER_PAGE = 20
MAX_QUERY_LENGTH = 200

SORTS = {
    "relevance": _("relevance"),
    "newest": _("newest"),
    "updated": _("recently updated"),
}


@dataclass(frozen=True)
class Facet:
    name: str  # the query-string parameter
    label: str
    kind: str  # "taxonomy" (a snippet model), "choice" (a column), "year"
    lookup: str = ""  # for choices: the field (or annotation) to group by
    model: str = ""  # for taxonomies: the related name on the sheet


def _bracket_annotation():
    from core.models import PopulationBracket

    whens = [When(territory__population__lt=limit, then=Value(bracket.value))
             for limit, bracket in ((2_000, PopulationBracket.UNDER_2K),
                                    (10_000, PopulationBracket.FROM_2K),
                                    (20_000, PopulationBracket.FROM_10K),
                                    (50_000, PopulationBracket.FROM_20K),
                                    (100_000, PopulationBracket.FROM_50K))]
    return Case(When(territory__population=None, then=Value("")), *whens,
                default=Value(PopulationBracket.OVER_100K.value), output_field=CharField())


def _choices():
    from core.models import PopulationBracket, Region, TerritoryKind

    from .models import ParticipationLevel, Recruitment

    return {
        "level": ParticipationLevel.choices,
        "recruitment": Recruitment.choices,
        "kind": TerritoryKind.choices,
        "size": PopulationBracket.choices,
        "region": Region.choices,
    }


FACETS = [
    Facet("challenge", _("Challenges"), "taxonomy", model="challenges"),
    Facet("mechanism", _("Mechanisms"), "taxonomy", model="mechanisms"),
    Facet("theme", _("Themes"), "taxonomy", model="themes"),
    Facet("audience", _("Audiences"), "taxonomy", model="audiences"),
    Facet("level", _("Participation level"), "choice", lookup="participation_level"),
    Facet("recruitment", _("Recruitment"), "choice", lookup="recruitment"),
    Facet("kind", _("Kind of territory"), "choice", lookup="territory__kind"),
    Facet("size", _("Population"), "choice", lookup="bracket"),
    Facet("region", _("Region"), "choice", lookup="territory__region"),
    Facet("year", _("Start year"), "year", lookup="year"),
]
FACETS_BY_NAME = {facet.name: facet for facet in FACETS}


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class FacetResult:
    name: str
    label: str
    values: list[FacetValue]

    @property
    def has_selection(self):
        return any(v.selected for v in self.values)


@dataclass
class LibraryResults:
    sheets: list
    total: int
    facets: list[FacetResult]
    page: object  # django.core.paginator.Page
    query: str = ""
    filters: dict = field(default_factory=dict)
    sort: str = "relevance"


def parse_request(params) -> dict:
    """The search arguments carried by a query string (a QueryDict)."""
    filters = {}
    for facet in FACETS:
        values = [v for v in params.getlist(facet.name) if v][:50]
        if values:
            filters[facet.name] = values
    sort = params.get("tri", "relevance")
    try:
        page = max(1, int(params.get("page", 1)))
    except (TypeError, ValueError):
        page = 1
    return {"query": (params.get("q") or "").strip()[:MAX_QUERY_LENGTH], "filters": filters,
            "sort": sort if sort in SORTS else "relevance", "page": page}


def _base_queryset():
    from .models import PracticeSheetPage

    return (PracticeSheetPage.objects.live().public()
            .annotate(bracket=_bracket_annotation(), year=ExtractYear("start_date")))


TEXT_FIELDS = ["title", "key_point_1", "key_point_2", "key_point_3", "context", "steps",
               "results", "lessons", "territory__name", "programme"]


def _text_condition(query):
    """Every word must appear in at least one text field (or a taxonomy name)."""
    from .models import PracticeSheetPage

    conditions = []
    for word in query.split()[:10]:
        in_taxonomy = PracticeSheetPage.objects.filter(
            Q(challenges__name__icontains=word) | Q(mechanisms__name__icontains=word)
            | Q(themes__name__icontains=word)).values("pk")
        conditions.append(reduce(or_, [Q(**{f"{name}__icontains": word})
                                       for name in TEXT_FIELDS]) | Q(pk__in=in_taxonomy))
    return reduce(and_, conditions) if conditions else Q()


def _facet_condition(facet, values):
    from .models import PracticeSheetPage

    if facet.kind == "taxonomy":
        ids = PracticeSheetPage.objects.filter(
            **{f"{facet.model}__slug__in": values}).values("pk")
        return Q(pk__in=ids)
    if facet.kind == "year":
        years = [int(v) for v in values if v.isdigit()]
        return Q(year__in=years)
    return Q(**{f"{facet.lookup}__in": values})


def _facet_counts(facet, queryset, selected, taxonomies):
    selected = set(selected)
    if facet.kind == "taxonomy":
        counts = dict(queryset.order_by().values_list(f"{facet.model}__slug")
                      .annotate(n=Count("pk", distinct=True)).values_list(
                          f"{facet.model}__slug", "n"))
        options = [(item.slug, item.name) for item in taxonomies[facet.model]]
    elif facet.kind == "year":
        counts = dict(queryset.order_by().values_list("year").annotate(n=Count("pk"))
                      .values_list("year", "n"))
        counts = {str(year): n for year, n in counts.items() if year}
        options = [(year, year) for year in sorted(counts, reverse=True)]
    else:
        counts = dict(queryset.order_by().values_list(facet.lookup).annotate(n=Count("pk"))
                      .values_list(facet.lookup, "n"))
        options = [(value, str(label)) for value, label in _choices()[facet.name]]
    values = [FacetValue(value, label, counts.get(value, 0), value in selected)
              for value, label in options]
    # Values nobody uses stay hidden, unless selected (so they can be unticked).
    return [v for v in values if v.count or v.selected]


def _taxonomies():
    from .models import Audience, Challenge, Mechanism, Theme

    return {"challenges": list(Challenge.objects.all()),
            "mechanisms": list(Mechanism.objects.all()),
            "themes": list(Theme.objects.all()),
            "audiences": list(Audience.objects.all())}


def search_practices(query: str = "", filters: dict | None = None, sort: str = "relevance",
                     page: int = 1, per_page: int = PER_PAGE) -> LibraryResults:
    """Live sheets matching ``query`` and ``filters`` ({facet name: [values]}), one page of
    them, and the count of each facet value."""
    filters = {name: list(values) for name, values in (filters or {}).items()
               if name in FACETS_BY_NAME and values}
    base = _base_queryset()
    if query:
        base = base.filter(_text_condition(query))
    conditions = {name: _facet_condition(FACETS_BY_NAME[name], values)
                  for name, values in filters.items()}

    taxonomies = _taxonomies()
    facets = []
    for facet in FACETS:
        others = [cond for name, cond in conditions.items() if name != facet.name]
        queryset = base.filter(*others) if others else base
        facets.append(FacetResult(facet.name, str(facet.label),
                                  _facet_counts(facet, queryset,
                                                filters.get(facet.name, []), taxonomies)))

    matching = base.filter(*conditions.values()) if conditions else base
    if sort == "newest":
        ordering = ["-first_published_at", "-pk"]
    elif sort == "updated":
        ordering = ["-last_published_at", "-pk"]
    elif query:
        matching = matching.annotate(in_title=Case(
            *[When(title__icontains=word, then=Value(1)) for word in query.split()[:10]],
            default=Value(0)))
        ordering = ["-in_title", "-first_published_at", "-pk"]
    else:
        ordering = ["-first_published_at", "-pk"]
    matching = (matching.order_by(*ordering).select_related("territory")
                .prefetch_related("challenges", "mechanisms"))
    paginator = Paginator(matching, per_page)
    try:
        current = paginator.page(page)
    except EmptyPage:
        current = paginator.page(paginator.num_pages or 1)
    return LibraryResults(sheets=list(current.object_list), total=paginator.count,
                          facets=facets, page=current, query=query, filters=filters,
                          sort=sort)
