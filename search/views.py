from django.template.response import TemplateResponse
from wagtail.models import Page

RESULTS_PER_PAGE = 20


def search(request):
    """Global search over published pages; facets and grouping come with the search engines."""
    query = request.GET.get("q", "").strip()[:200]
    results = []
    if query:
        results = Page.objects.live().public().specific().search(query)[:RESULTS_PER_PAGE]
    return TemplateResponse(request, "search/search.html", {"query": query, "results": results})
