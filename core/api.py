"""Read-only Wagtail API v2 at /api/v2/.

Wagtail's own endpoints, with the search parameters checked before they reach
a search backend: a query is reduced to plain words (full-text engines give
meaning to quotes, brackets and stars, and a stray one is a syntax error), and
an unknown ``search_operator`` is refused with a 400 like any bad parameter.
"""

import re

from django.db import DatabaseError
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

SEARCH_OPERATORS = {"and", "or"}
MAX_SEARCH_LENGTH = 200
_NOT_A_WORD = re.compile(r"[^\w'’-]+")


def plain_search_terms(query: str) -> str:
    """The words of ``query``, without characters a full-text syntax would interpret."""
    return " ".join(_NOT_A_WORD.sub(" ", query or "").split())[:MAX_SEARCH_LENGTH]


class PlainSearchFilter(SearchFilter):
    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        operator = request.GET.get("search_operator")
        if operator is not None and operator not in SEARCH_OPERATORS:
            raise BadRequestError("search_operator must be 'and' or 'or'")
        params = request.GET.copy()
        params["search"] = plain_search_terms(params["search"])
        request._request.GET = params
        return super().filter_queryset(request, queryset, view)


class SafeSearchMixin:
    def listing_view(self, request):
        try:
            return super().listing_view(request)
        except DatabaseError as exc:  # a search the backend still could not parse
            raise BadRequestError("this search could not be run; use plain words") from exc


class EssaimPagesAPIViewSet(SafeSearchMixin, PagesAPIViewSet):
    filter_backends = [PlainSearchFilter if backend is SearchFilter else backend
                       for backend in PagesAPIViewSet.filter_backends]


class EssaimDocumentsAPIViewSet(SafeSearchMixin, DocumentsAPIViewSet):
    filter_backends = [PlainSearchFilter if backend is SearchFilter else backend
                       for backend in DocumentsAPIViewSet.filter_backends]


class EssaimImagesAPIViewSet(SafeSearchMixin, ImagesAPIViewSet):
    filter_backends = [PlainSearchFilter if backend is SearchFilter else backend
                       for backend in ImagesAPIViewSet.filter_backends]


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", EssaimPagesAPIViewSet)
api_router.register_endpoint("images", EssaimImagesAPIViewSet)
# Documents in restricted collections (session materials…) are left out by Wagtail.
api_router.register_endpoint("documents", EssaimDocumentsAPIViewSet)
