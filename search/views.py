"""Global search (/recherche/) and the autocomplete behind the search box."""

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.dateparse import parse_datetime
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from search import api, querylog
from search.engines.base import clean_text
from search.registry import get_documents
from search.text import excerpt

RESULTS_PER_PAGE = 20
HITS_PER_GROUP = 5


EXCERPT_FIELDS = ("key_points", "summary", "body")


def _date(value):
    if not value:
        return None
    moment = parse_datetime(str(value))
    return moment.date() if moment else None


def card(hit, document) -> dict:
    """What a result card shows: title (its matches marked), kind, territory or date, and
    an excerpt (the first marked fragment, or the beginning of the text)."""
    title_field = document.title_field if document else "title"
    marked = hit.highlight.get(title_field)
    # A match in the text reads better than one in a list of labels (taxonomies, places).
    fragments = [fragments[0] for name, fragments in hit.highlight.items()
                 if name != title_field and fragments
                 and not (document and document.tier(name) == "labels")]
    if fragments:
        summary = mark_safe(fragments[0])  # noqa: S308 -- engines escape, then add <mark>
    else:
        text = next((hit.data[name] for name in EXCERPT_FIELDS
                     if isinstance(hit.data.get(name), str) and hit.data[name].strip()), "")
        summary = escape(excerpt(text))
    territory = hit.data.get("territory")
    model = document.get_model() if document else None
    return {
        "url": hit.url,
        "title": mark_safe(marked[0]) if marked else escape(hit.title),  # noqa: S308
        "kind": capfirst(model._meta.verbose_name) if model else
        (document.label if document else ""),
        "territory": territory if isinstance(territory, str) else "",
        "date": _date(hit.data.get("published_at")),
        "excerpt": summary,
    }


def _page_number(value) -> int:
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


@require_GET
def search(request):
    """Results grouped by type with counts; one type at a time with its facet filters."""
    query = clean_text(request.GET.get("q", ""))
    documents = get_documents()
    doc_type = request.GET.get("type") or None
    if doc_type not in documents:
        doc_type = None
    document = documents.get(doc_type)
    filters = {}
    if document:
        filters = {name: request.GET.getlist(name) for name in document.facets
                   if request.GET.getlist(name)}
    context = {"query": query, "doc_type": doc_type, "document": document, "result": None,
               "groups": [], "types": [], "facets": [], "filters": filters}
    if query or filters:
        per_page = RESULTS_PER_PAGE if document else RESULTS_PER_PAGE * 2
        page = _page_number(request.GET.get("page"))
        result = api.search(doc_type, query, filters=filters,
                            facets=list(document.facets) if document else [],
                            page=page, per_page=per_page)
        if query and page == 1:
            querylog.record(query, result.total)
        context["result"] = result
        context["types"] = [
            {"name": name, "label": documents[name].label, "count": count,
             "selected": name == doc_type}
            for name, count in result.types.items() if name in documents]
        groups = {}
        for hit in result.hits:
            groups.setdefault(hit.type, []).append(hit)
        context["groups"] = [
            {"name": name, "label": documents[name].label, "count": result.types.get(name, 0),
             "hits": [card(hit, documents[name])
                      for hit in (hits if document else hits[:HITS_PER_GROUP])]}
            for name, hits in groups.items() if name in documents]
        labels = document.facet_labels(result.facets) if document and \
            document.facet_labels else {}
        context["facets"] = []
        for name, values in result.facets.items():
            if not values:
                continue
            legend, value_labels = labels.get(name, (name, {}))
            context["facets"].append({"name": name, "label": legend,
                                      "selected": bool(filters.get(name)), "values": [
                {"value": value, "label": value_labels.get(value, value), "count": count,
                 "checked": value in filters.get(name, [])}
                for value, count in values]})
    return TemplateResponse(request, "search/search.html", context)


@require_GET
def suggest(request):
    """Titles starting with what is typed, as JSON, for the search box combobox."""
    prefix = clean_text(request.GET.get("q", ""))[:100]
    documents = get_documents()
    suggestions = api.suggest(prefix, limit=8) if len(prefix) >= 2 else []
    return JsonResponse({
        "query": prefix,
        "suggestions": [{"title": s.title, "url": s.url, "type": s.type,
                         "label": str(documents[s.type].label) if s.type in documents else ""}
                        for s in suggestions],
        # What the search box's live region announces (an empty box announces nothing).
        "status": (ngettext("%(count)s suggestion", "%(count)s suggestions",
                            len(suggestions)) % {"count": len(suggestions)}
                   if suggestions else _("No suggestions") if len(prefix) >= 2 else ""),
    })
