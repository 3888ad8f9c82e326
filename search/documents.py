"""What a plugin hands to search/: how to turn its content into a search document."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from elasticsearch_dsl import Date, Document, Keyword, Text

# Weight tiers of text fields, strongest first, with their boost on both engines
# (Elasticsearch field boosts, FTS5 bm25 column weights, PostgreSQL tsvector
# weights A–D). The title field is "title", a field a document does not place is "body".
TIERS = {"title": 4.0, "summary": 3.0, "labels": 2.0, "body": 1.0}

_PROPERTIES: dict = {}  # Document class → its mapping's properties
_TEXT_FIELDS: dict = {}  # Document class → its text fields
_MODELS: dict = {}  # queryset callable → the model of what it returns


def _model_of(queryset: Callable[[], Iterable[Any]]):
    """The model of ``queryset()``, found once: building a queryset may run a query
    (Wagtail's ``public()`` reads the view restrictions), and every search result card
    asks for its document's model."""
    if queryset not in _MODELS:
        _MODELS[queryset] = getattr(queryset(), "model", None)
    return _MODELS[queryset]


@dataclass(frozen=True)
class SearchSource:
    """Another kind of object indexed as the same document, with the same fields and facets
    (the practice library's sheets received from other sites beside its own pages).

    Its object ids are ``prefix`` followed by the primary key, so they never collide with
    the document's own; ``prepare`` must return that id as ``data["id"]``.
    """

    prefix: str
    queryset: Callable[[], Iterable[Any]]
    prepare: Callable[[Any], dict]
    prepare_batch: Callable[[Any], list[dict]] | None = None

    def get_model(self):
        return _model_of(self.queryset)


@dataclass(frozen=True)
class SearchDocument:
    """One searchable content type.

    ``name`` is the document type (and index name suffix); ``document`` the
    elasticsearch-dsl ``Document`` class describing its fields; ``queryset``
    returns what is public and searchable; ``prepare`` turns one instance into
    the data both engines index. ``prepare_batch``, optional, gives the data of a
    whole batch of the reindex at once: called with a slice of ``queryset()`` ordered
    by primary key, it returns ``[prepare(obj) for obj in batch]`` (each with its
    object id as ``data["id"]``), in a fixed number of queries and without building
    every model instance (``values()``); the same goes for a ``SearchSource``.

    Optional: ``model`` is the model whose publish / unpublish / move / delete
    reindexes an object (by default the model of ``queryset()``);
    ``title_field`` names the field shown as the result title and used for
    suggestions; ``url_field`` the field holding the public URL;
    ``similar_facets`` the facets whose shared values make two objects similar
    (more_like_this), besides their text; ``tiers`` places text fields in a weight
    tier of TIERS ({"key_points": "summary", "taxonomy": "labels"});
    ``sources`` other kinds of objects indexed
    as this same document (``SearchSource``); ``facet_labels`` turns the facets of a
    result ({name: [(value, count)]}) into what people read: {name: (legend, {value:
    label})}, in a fixed number of queries.
    """

    name: str
    label: str
    document: type
    queryset: Callable[[], Iterable[Any]]
    prepare: Callable[[Any], dict]
    prepare_batch: Callable[[Any], list[dict]] | None = None
    facets: tuple[str, ...] = field(default_factory=tuple)
    model: type | None = None
    title_field: str = "title"
    url_field: str = "url"
    similar_facets: tuple[str, ...] = field(default_factory=tuple)
    tiers: dict[str, str] = field(default_factory=dict)
    sources: tuple[SearchSource, ...] = field(default_factory=tuple)
    facet_labels: Callable[[dict], dict] | None = None

    # --- derived from the elasticsearch-dsl Document ----------------------------

    def properties(self) -> dict:
        # Read for every indexed object: the mapping of the Document class, built once.
        if self.document not in _PROPERTIES:
            doc_type = getattr(self.document, "_doc_type", None)
            _PROPERTIES[self.document] = ({} if doc_type is None else
                                          doc_type.mapping.to_dict().get("properties", {}))
        return copy.deepcopy(_PROPERTIES[self.document])

    def text_fields(self) -> list[str]:
        if self.document not in _TEXT_FIELDS:
            _TEXT_FIELDS[self.document] = [name for name, spec in self.properties().items()
                                           if spec.get("type") == "text"]
        return list(_TEXT_FIELDS[self.document])

    def tier(self, name: str) -> str:
        if name == self.title_field:
            return "title"
        return self.tiers.get(name, "body")

    def boosts(self) -> dict[str, float]:
        """Text field → its boost (the boost of its tier)."""
        return {name: TIERS[self.tier(name)] for name in self.text_fields()}

    def sortable_fields(self) -> dict[str, str]:
        """Field name → the Elasticsearch field to sort on (keyword, number or date)."""
        fields = {}
        for name, spec in self.properties().items():
            kind = spec.get("type")
            if kind == "text":
                raw = [sub for sub, s in spec.get("fields", {}).items()
                       if s.get("type") == "keyword"]
                if raw:
                    fields[name] = f"{name}.{raw[0]}"
            elif kind in ("keyword", "date", "integer", "long", "float", "double", "short"):
                if spec.get("index", True) is not False:
                    fields[name] = name
        return fields

    def get_model(self):
        if self.model is not None:
            return self.model
        return _model_of(self.queryset)

    def object_id(self, obj, data: dict | None = None) -> str:
        if data and data.get("id") is not None:
            return str(data["id"])
        if isinstance(obj, dict):
            return str(obj["id"])
        source = self.source_for(obj)
        return f"{source.prefix if source else ''}{obj.pk}"

    # --- several sources ----------------------------------------------------------

    def all_sources(self) -> list[SearchSource]:
        """The document's own objects (prefix "") first, then its other sources."""
        own = SearchSource(prefix="", queryset=self.queryset, prepare=self.prepare,
                           prepare_batch=self.prepare_batch)
        return [own, *self.sources]

    def source_for(self, obj) -> SearchSource | None:
        """The other source ``obj`` comes from, or None for the document's own objects."""
        for source in self.sources:
            model = source.get_model()
            if model is not None and isinstance(obj, model):
                return source
        return None

    def source_of(self, object_id) -> tuple[SearchSource, str]:
        """The source of an object id and the primary key it carries."""
        object_id = str(object_id)
        for source in sorted(self.sources, key=lambda s: -len(s.prefix)):
            if source.prefix and object_id.startswith(source.prefix):
                return source, object_id[len(source.prefix):]
        return self.all_sources()[0], object_id

    def prepare_any(self, obj) -> dict:
        source = self.source_for(obj)
        return (source.prepare if source else self.prepare)(obj)


# --- A base for page-based documents ------------------------------------------------


class PageDocument(Document):
    """Fields every Wagtail page document shares; a plugin adds its own facets."""

    title = Text(analyzer="french", fields={"raw": Keyword()})
    body = Text(analyzer="french")
    url = Keyword(index=False)
    published_at = Date()
    updated_at = Date()


def page_data(page, *texts) -> dict:
    """The shared part of a page document's data: title, body text (rich text flattened,
    one line per paragraph or list item), URL, dates."""
    from search.text import plain_text

    return {
        "id": page.pk,
        "title": page.title,
        "body": "\n".join(plain_text(text) for text in texts if text),
        "url": page.url,
        "published_at": page.first_published_at,
        "updated_at": page.last_published_at,
    }


_page_documents: dict = {}


def page_search_document(page_model, *text_fields, name=None, label=None, facets=()):
    """A search document for a page type in one call: the title, the page's
    ``text_fields`` (rich text is stripped) and its dates, on both engines; ``facets``
    names fields kept as keywords. ``name`` defaults to the model's name, ``label`` to
    its plural verbose name. Live, public pages only."""
    name = name or page_model._meta.model_name
    key = (page_model._meta.label, name, text_fields, tuple(facets))
    if key not in _page_documents:
        attributes = {"Index": type("Index", (), {"name": name}), "__module__": __name__,
                      **{facet: Keyword() for facet in facets}}
        document = type(f"{page_model.__name__}Document", (PageDocument,), attributes)

        def prepare(page):
            data = page_data(page, *(getattr(page, field) for field in text_fields))
            data.update({facet: str(getattr(page, facet)) for facet in facets})
            return data

        _page_documents[key] = (document, prepare)
    document, prepare = _page_documents[key]
    return SearchDocument(
        name=name, label=label or page_model._meta.verbose_name_plural, document=document,
        prepare=prepare, queryset=lambda: page_model.objects.live().public(),
        facets=tuple(facets), model=page_model)


def choice_facet_labels(facets: dict) -> Callable[[dict], dict]:
    """A ``facet_labels`` for facets whose values come from fixed choices or a small table:
    ``facets`` is {facet: (legend, choices)}, where choices are (value, label) pairs or a
    function returning them (called once per search)."""

    def labels(result_facets: dict) -> dict:
        found = {}
        for name in result_facets:
            if name in facets:
                legend, choices = facets[name]
                found[name] = (str(legend), {str(value): str(label) for value, label in
                                             (choices() if callable(choices) else choices)})
        return found

    return labels
