"""Civic visits as search documents, for both search engines."""

from elasticsearch_dsl import Keyword

from search.documents import PageDocument, SearchDocument, choice_facet_labels, page_data


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

    from .models import InstitutionKind, VisitPage

    field = VisitPage._meta.get_field
    labels = choice_facet_labels({
        "institution": (field("institution").verbose_name, ()),
        "kind": (field("kind").verbose_name, InstitutionKind.choices),
        "accessible": (field("reduced_mobility_access").verbose_name,
                       [("yes", _("yes")), ("no", _("no"))])})
    return SearchDocument(
        name="visit", label=_("Civic visits"), document=VisitDocument, prepare=prepare,
        queryset=lambda: VisitPage.objects.live().public(),
        facets=("institution", "kind", "accessible"), model=VisitPage, facet_labels=labels)
