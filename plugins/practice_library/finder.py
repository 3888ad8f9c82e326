"""Finding practices: one function, query + filters + sort + page.

It goes through the search API (search/api.py), so the library runs on
Elasticsearch or on the database engine alike, and adds what the library
page needs: labels for facet values and the sheets themselves. The number of
SQL queries is fixed whatever the number of sheets.

Facets combine as users expect: values of one facet are OR-ed, facets are
AND-ed, and each facet's counts ignore that facet's own selection (so
choosing "youth council" still shows how many sheets "neighbourhood council"
would add).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _

from core.pages import public

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
    kind: str  # "taxonomy" (a snippet model), "choice" (fixed choices), "year", "origin"
    model: str = ""  # for taxonomies: the related name on the sheet


def _choices():
    from core.models import ParticipationLevel, PopulationBracket, Region, TerritoryKind

    from .models import Recruitment

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
    Facet("level", _("Participation level"), "choice"),
    Facet("recruitment", _("Recruitment"), "choice"),
    Facet("kind", _("Kind of territory"), "choice"),
    Facet("size", _("Population"), "choice"),
    Facet("region", _("Region"), "choice"),
    Facet("year", _("Start year"), "year"),
    Facet("origin", _("Origin"), "origin"),
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

    @property
    def selected(self):
        return [v for v in self.values if v.selected]


@dataclass
class LibraryResults:
    sheets: list
    total: int
    facets: list[FacetResult]
    page: object  # django.core.paginator.Page
    query: str = ""
    filters: dict = field(default_factory=dict)
    sort: str = "relevance"
    suggestion: str = ""  # the corrected query, when a typo was corrected

    @property
    def active_filters(self) -> list[tuple[FacetResult, FacetValue]]:
        """The selected values, facet by facet (the removable chips above the results)."""
        return [(facet, value) for facet in self.facets for value in facet.selected]


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


# The library's sorts, as the search API understands them.
ENGINE_SORTS = {"relevance": "relevance", "newest": "-published_at", "updated": "-updated_at"}


def _taxonomies():
    from .models import Audience, Challenge, Mechanism, Theme

    return {"challenges": list(Challenge.objects.all()),
            "mechanisms": list(Mechanism.objects.all()),
            "themes": list(Theme.objects.all()),
            "audiences": list(Audience.objects.all())}


def _former_slugs(taxonomies) -> dict:
    """{facet name: {former slug: current slug}} for the taxonomy facets."""
    return {facet.name: {old: item.slug for item in taxonomies[facet.model]
                         for old in item.former_slugs}
            for facet in FACETS if facet.kind == "taxonomy"}


def canonical_filters(filters: dict, taxonomies=None) -> tuple[dict, bool]:
    """``filters`` with former taxonomy slugs (old links) replaced by the current ones,
    and whether any was replaced."""
    renamed = _former_slugs(taxonomies or _taxonomies())
    canonical, changed = {}, False
    for name, values in filters.items():
        current = [renamed.get(name, {}).get(value, value) for value in values]
        changed = changed or current != values
        canonical[name] = list(dict.fromkeys(current))
    return canonical, changed


def _origins(values) -> list[tuple[str, str]]:
    """This site first, then the followed instances that have sheets among ``values``
    (no query when there are none)."""
    from .documents import LOCAL_ORIGIN
    from .federation.models import Subscription

    options = [(LOCAL_ORIGIN, str(_("This site")))]
    others = set(values) - {LOCAL_ORIGIN}
    if others:
        options += [(s.origin, s.display_name) for s in
                    Subscription.objects.filter(origin__in=others).order_by("name", "origin")]
    return options


def _facet_values(facet, counts, selected, taxonomies):
    """The values of one facet with their labels and counts, in a stable order."""
    selected = set(selected)
    if facet.kind == "taxonomy":
        options = [(item.slug, item.name) for item in taxonomies[facet.model]]
    elif facet.kind == "year":
        options = [(year, year) for year in sorted(set(counts) | selected, reverse=True)]
    elif facet.kind == "origin":
        options = _origins(set(counts) | selected)
    else:
        options = [(value, str(label)) for value, label in _choices()[facet.name]]
    values = [FacetValue(value, label, counts.get(value, 0), value in selected)
              for value, label in options]
    # Values nobody uses stay hidden, unless selected (so they can be unticked).
    return [v for v in values if v.count or v.selected]


def facet_labels(facets: dict) -> dict:
    """{facet: (legend, {value: label})} for a search result's facets (/recherche/)."""
    taxonomies = _taxonomies()
    labels = {}
    for name, values in facets.items():
        facet = FACETS_BY_NAME.get(name)
        if facet is None:
            continue
        counts = {str(value): count for value, count in values}
        value_labels = {v.value: v.label for v in _facet_values(facet, counts, [], taxonomies)}
        if facet.kind == "taxonomy":  # an index not yet rebuilt after a rename
            value_labels.update({old: item.name for item in taxonomies[facet.model]
                                 for old in item.former_slugs})
        labels[name] = (str(facet.label), value_labels)
    return labels


def _sheets(ids) -> list:
    """This site's sheets and those received from other sites, in the order of ``ids``
    (search hit ids); one query for each kind present."""
    from .federation.documents import PREFIX, remote_sheets
    from .models import PracticeSheetPage

    local = [int(i) for i in ids if i.isdigit()]
    remote = [int(i[len(PREFIX):]) for i in ids
              if i.startswith(PREFIX) and i[len(PREFIX):].isdigit()]
    found = {}
    if local:
        found.update((str(pk), sheet) for pk, sheet in (
            public(PracticeSheetPage.objects.live()).filter(pk__in=local)
            .select_related("territory", "image")
            .prefetch_related("challenges", "mechanisms", "image__renditions")
            .in_bulk().items()))
    if remote:
        found.update((f"{PREFIX}{sheet.pk}", sheet)
                     for sheet in remote_sheets().filter(pk__in=remote))
    return [found[i] for i in ids if i in found]


def search_practices(query: str = "", filters: dict | None = None, sort: str = "relevance",
                     page: int = 1, per_page: int = PER_PAGE) -> LibraryResults:
    """Live sheets matching ``query`` and ``filters`` ({facet name: [values]}), one page of
    them, and the count of each facet value — through the search API, so the same call
    runs on Elasticsearch or on the database engine."""
    from search import api

    filters = {name: [str(v) for v in values] for name, values in (filters or {}).items()
               if name in FACETS_BY_NAME and values}
    taxonomies = _taxonomies()
    filters, _changed = canonical_filters(filters, taxonomies)
    # Until a renamed value's sheets are reindexed, the index may still hold its
    # former slug: ask for both, count them as one.
    former = _former_slugs(taxonomies)
    engine_filters = {name: values + [old for old, new in former.get(name, {}).items()
                                      if new in values]
                      for name, values in filters.items()}
    engine_sort = ENGINE_SORTS.get(sort, "relevance")
    if engine_sort == "relevance" and not query:
        engine_sort = ENGINE_SORTS["newest"]
    arguments = dict(query=query, filters=engine_filters, facets=[facet.name for facet in FACETS],
                     sort=engine_sort, per_page=per_page)
    result = api.search("practice_sheet", page=page, **arguments)
    if page > result.pages:  # past the last page (an old link): show the last one
        page = result.pages
        result = api.search("practice_sheet", page=page, **arguments)

    sheets = _sheets([hit.id for hit in result.hits])

    def counts(facet):
        renamed = former.get(facet.name, {})
        merged = {}
        for value, count in result.facets.get(facet.name, []):
            value = renamed.get(str(value), str(value))
            merged[value] = merged.get(value, 0) + count
        return merged

    facets = [FacetResult(facet.name, str(facet.label),
                          _facet_values(facet, counts(facet), filters.get(facet.name, []),
                                        taxonomies))
              for facet in FACETS]
    # A Page over the whole result count: the templates paginate as usual.
    current = Paginator(range(result.total), per_page).get_page(page)
    return LibraryResults(sheets=sheets, total=result.total, facets=facets, page=current,
                          query=query, filters=filters, sort=sort,
                          suggestion=result.suggestion)
