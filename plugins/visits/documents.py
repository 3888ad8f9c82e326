"""Civic visits as search documents, for both search engines."""

from elasticsearch_dsl import Keyword

from search.documents import PageDocument, SearchDocument, page_data


class VisitDocument(PageDocument):
    institution = Keyword()
    kind = Keyword()
    accessible = Keyword()

    class Index:
        name = "visits"


def prepare(visit) -> dict:
    data = page_data(visit, visit.institution, visit.description, visit.address)
    data.update(institution=visit.institution, kind=visit.kind,
                accessible="yes" if visit.reduced_mobility_access else "no")
    return data


def search_document() -> SearchDocument:
    from django.utils.translation import gettext_lazy as _

    from .models import VisitPage

    return SearchDocument(
        name="visit", label=_("Civic visits"), document=VisitDocument, prepare=prepare,
        queryset=lambda: VisitPage.objects.live().public(),
        facets=("institution", "kind", "accessible"), model=VisitPage)
