"""Charters as search documents, for both search engines."""

from elasticsearch_dsl import Keyword

from search.documents import PageDocument, SearchDocument, choice_facet_labels, page_data


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

    from core.models import ParticipationLevel, Region, Territory

    from .models import CharterKind, CharterPage, CharterStatus, Commitment

    field = CharterPage._meta.get_field
    labels = choice_facet_labels({
        "kind": (field("kind").verbose_name, CharterKind.choices),
        "status": (field("status").verbose_name, CharterStatus.choices),
        "level": (Commitment._meta.get_field("level").verbose_name,
                  ParticipationLevel.choices),
        "region": (Territory._meta.get_field("region").verbose_name, Region.choices)})
    return SearchDocument(
        name="charter", label=_("Charters"), document=CharterDocument, prepare=prepare,
        queryset=lambda: (CharterPage.objects.live().public().select_related("territory")
                          .prefetch_related("commitments")),
        facets=("kind", "status", "level", "region"), model=CharterPage, facet_labels=labels)
