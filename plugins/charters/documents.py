"""Charters as search documents, for both search engines."""

from elasticsearch_dsl import Keyword

from search.documents import PageDocument, SearchDocument, page_data


class CharterDocument(PageDocument):
    territory = Keyword()
    kind = Keyword()
    status = Keyword()
    level = Keyword(multi=True)
    region = Keyword()

    class Index:
        name = "charters"


def prepare(charter) -> dict:
    commitments = list(charter.commitments.all())
    data = page_data(charter, charter.scope, charter.principles,
                     *(f"{c.title}. {c.text}" for c in commitments))
    territory = charter.territory
    data.update(territory=territory.name if territory else None, kind=charter.kind,
                status=charter.status, level=sorted({c.level for c in commitments}),
                region=(territory.region or None) if territory else None)
    return data


def search_document() -> SearchDocument:
    from django.utils.translation import gettext_lazy as _

    from .models import CharterPage

    return SearchDocument(
        name="charter", label=_("Charters"), document=CharterDocument, prepare=prepare,
        queryset=lambda: (CharterPage.objects.live().public().select_related("territory")
                          .prefetch_related("commitments")),
        facets=("kind", "status", "level", "region"), model=CharterPage)
