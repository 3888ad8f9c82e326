"""The database engine: SQLite FTS5 or a PostgreSQL tsvector, facets as grouped counts.

Both backends search the terms of search.analysis (the French chain Elasticsearch
uses), so the three engines agree on which documents a query finds. Each query
word must match (AND) the start of an indexed term: "jeunes" (jeun) finds
"jeunesse" (jeunes), as the prefix subfield does in Elasticsearch.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections import Counter

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import Count, F, FloatField
from django.db.models.expressions import RawSQL

from search.analysis import light_stem, terms, words
from search.engines.base import (
    TYPE_FACET,
    Hit,
    Query,
    SearchEngine,
    SearchResult,
    Suggestion,
    facet_values,
)

ENTRY_TABLE = "essaim_search_searchentry"
FTS_TABLE = "essaim_search_fts"
SNIPPET_CHARS = 160
FACET_SIZE = 100


def checksum(data: dict) -> str:
    raw = json.dumps(data, sort_keys=True, cls=DjangoJSONEncoder)
    return hashlib.sha256(raw.encode()).hexdigest()


def entry_fields(document, data: dict) -> dict:
    """The columns of a SearchEntry for ``data``."""
    title = str(data.get(document.title_field) or "")
    body = "\n".join(str(data.get(name) or "") for name in document.text_fields()
                     if name != document.title_field)
    facets = {name: facet_values(data.get(name)) for name in document.facets}
    data = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    return {"title": title, "body": body, "title_terms": " ".join(terms(title)),
            "body_terms": " ".join(terms(body)), "data": data, "facets": facets,
            "checksum": checksum(data)}


def highlight(text: str, stems: list[str], fragment: int | None = None) -> str | None:
    """``text`` HTML-escaped with the words matching ``stems`` in <mark>; None if none match."""
    if not text or not stems:
        return None
    spans = [(start, end) for word, start, end in words(text)
             if any(light_stem(word).startswith(stem) for stem in stems)]
    if not spans:
        return None
    begin, end = 0, len(text)
    if fragment and len(text) > fragment:
        begin = max(0, spans[0][0] - fragment // 4)
        end = min(len(text), begin + fragment)
        spans = [s for s in spans if s[0] >= begin and s[1] <= end]
    out, position = [], begin
    for start, stop in spans:
        out.append(html.escape(text[position:start]))
        out.append(f"<mark>{html.escape(text[start:stop])}</mark>")
        position = stop
    out.append(html.escape(text[position:end]))
    snippet = "".join(out).strip()
    if begin > 0:
        snippet = "… " + snippet
    if end < len(text):
        snippet += " …"
    return snippet


class DatabaseEngine(SearchEngine):
    name = "database"

    # --- writing -------------------------------------------------------------------

    def index_data(self, document, object_id, data):
        from search.models import SearchEntry, SearchFacetValue

        fields = entry_fields(document, data)
        with transaction.atomic():
            entry, _created = SearchEntry.objects.update_or_create(
                doc_type=document.name, object_id=str(object_id), defaults=fields)
            entry.facet_values.all().delete()
            SearchFacetValue.objects.bulk_create(
                SearchFacetValue(entry=entry, doc_type=document.name, name=name, value=value[:255])
                for name, values in fields["facets"].items() for value in values)

    def bulk_index(self, document, items):
        from search.models import SearchEntry, SearchFacetValue

        if not items:
            return 0
        with transaction.atomic():
            ids = [str(object_id) for object_id, _data in items]
            SearchEntry.objects.filter(doc_type=document.name, object_id__in=ids).delete()
            entries = []
            for object_id, data in items:
                entries.append(SearchEntry(doc_type=document.name, object_id=str(object_id),
                                           **entry_fields(document, data)))
            SearchEntry.objects.bulk_create(entries)
            if not connection.features.can_return_rows_from_bulk_insert:
                by_id = dict(SearchEntry.objects.filter(doc_type=document.name, object_id__in=ids)
                             .values_list("object_id", "pk"))
                for entry in entries:
                    entry.pk = by_id[entry.object_id]
            SearchFacetValue.objects.bulk_create(
                [SearchFacetValue(entry_id=entry.pk, doc_type=document.name, name=name,
                                  value=value[:255])
                 for entry in entries for name, values in entry.facets.items() for value in values],
                batch_size=2000)
        return len(items)

    def delete(self, document, object_id):
        from search.models import SearchEntry

        SearchEntry.objects.filter(doc_type=document.name, object_id=str(object_id)).delete()

    def ids(self, document):
        from search.models import SearchEntry

        return set(SearchEntry.objects.filter(doc_type=document.name)
                   .values_list("object_id", flat=True))

    def checksums(self, document) -> dict[str, str]:
        from search.models import SearchEntry

        return dict(SearchEntry.objects.filter(doc_type=document.name)
                    .values_list("object_id", "checksum"))

    # --- full text -------------------------------------------------------------------

    @staticmethod
    def _expression(stems, title_only=False, any_term=False, prefix=True) -> str:
        star = "*" if prefix else ""
        if connection.vendor == "postgresql":
            weight = "A" if title_only else ""
            join = " | " if any_term else " & "
            return join.join(f"{stem}:{star}{weight}" for stem in stems)
        join = " OR " if any_term else " AND "
        fts = join.join(f'"{stem}"{star}' for stem in stems)
        return f"title_terms : ({fts})" if title_only else fts

    @classmethod
    def _match(cls, queryset, stems, **options):
        """Restrict to the entries matching ``stems`` (a subquery: usable anywhere)."""
        expression = cls._expression(stems, **options)
        if connection.vendor == "postgresql":
            sql = (f"SELECT id FROM {ENTRY_TABLE} "
                   "WHERE search_vector @@ to_tsquery('simple', %s)")
        else:
            sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
        return queryset.filter(id__in=RawSQL(sql, [expression]))

    @classmethod
    def _ranked(cls, queryset, stems, **options):
        """Annotate ``rank`` (higher is better); only on the outermost query."""
        expression = cls._expression(stems, **options)
        if connection.vendor == "postgresql":
            sql = (f"ts_rank({ENTRY_TABLE}.search_vector, to_tsquery('simple', %s))")
        else:
            sql = (f"(SELECT -bm25({FTS_TABLE}, 3.0, 1.0) FROM {FTS_TABLE} "
                   f"WHERE {FTS_TABLE} MATCH %s AND rowid = {ENTRY_TABLE}.id)")
        return queryset.annotate(rank=RawSQL(sql, [expression], output_field=FloatField()))

    # --- searching -------------------------------------------------------------------

    def search(self, query: Query) -> SearchResult:
        from search.models import SearchEntry, SearchFacetValue
        from search.registry import get_documents

        documents = get_documents()
        base = SearchEntry.objects.filter(doc_type__in=query.doc_names)
        stems = list(dict.fromkeys(terms(query.text)))
        if query.text and not stems:
            base = base.none()
        elif stems:
            base = self._match(base, stems)

        def filtered(queryset, skip=None):
            for name, values in query.filters.items():
                if name == skip or not values:
                    continue
                if name == TYPE_FACET:
                    queryset = queryset.filter(doc_type__in=values)
                else:
                    queryset = queryset.filter(id__in=SearchFacetValue.objects.filter(
                        name=name, value__in=values).values("entry_id"))
            return queryset

        def counts(name):
            matching = filtered(base, skip=name).values("id")
            if name == TYPE_FACET:
                rows = (SearchEntry.objects.filter(id__in=matching).values("doc_type")
                        .annotate(n=Count("id")).values_list("doc_type", "n"))
            else:
                rows = (SearchFacetValue.objects.filter(name=name, entry_id__in=matching)
                        .values("value").annotate(n=Count("id")).values_list("value", "n"))
            return sorted(rows, key=lambda row: (-row[1], row[0]))[:FACET_SIZE]

        results = filtered(base)
        ordering = self._ordering(query, documents, bool(stems))
        if stems and ordering[0] == "-rank" and connection.vendor == "sqlite":
            total, page = self._sqlite_ranked_page(results, stems, query)
        else:
            total = results.count()
            if stems:
                results = self._ranked(results, stems)
            page = list(results.order_by(*ordering)[query.offset:query.offset + query.per_page])
        hits = []
        for entry in page:
            document = documents.get(entry.doc_type)
            hits.append(Hit(id=entry.object_id, type=entry.doc_type,
                            score=getattr(entry, "rank", None), data=entry.data,
                            highlight=self._highlights(document, entry.data, stems)))
        facets = {name: counts(name) for name in query.facets if name != TYPE_FACET}
        types = dict(counts(TYPE_FACET))
        return SearchResult(hits=hits, total=total, facets=facets, types=types, page=query.page,
                            per_page=query.per_page, engine=self.name)

    def _sqlite_ranked_page(self, results, stems, query):
        """Rank once in FTS5 (one pass), then keep the filtered entries of the page.

        A correlated bm25() per row costs one full-text query per match; this
        costs one full-text query in all.
        """
        expression = self._expression(stems)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT rowid, -bm25({FTS_TABLE}, 3.0, 1.0) FROM {FTS_TABLE} "
                           f"WHERE {FTS_TABLE} MATCH %s ORDER BY 2 DESC, rowid", [expression])
            ranked = cursor.fetchall()
        allowed = set(results.values_list("id", flat=True))
        ordered = [(pk, rank) for pk, rank in ranked if pk in allowed]
        window = ordered[query.offset:query.offset + query.per_page]
        entries = results.model.objects.in_bulk([pk for pk, _rank in window])
        page = []
        for pk, rank in window:
            entry = entries[pk]
            entry.rank = rank
            page.append(entry)
        return len(allowed), page

    @staticmethod
    def _ordering(query, documents, has_text):
        field = query.sort.lstrip("-")
        sortable = set()
        for name in query.doc_names:
            if name in documents:
                sortable |= set(documents[name].sortable_fields())
        if field in sortable:
            expression = F(f"data__{field}")
            if query.sort.startswith("-"):
                return [expression.desc(nulls_last=True), "id"]
            return [expression.asc(nulls_last=True), "id"]
        if has_text:
            return ["-rank", "id"]
        return ["id"]

    @staticmethod
    def _highlights(document, data, stems):
        if document is None or not stems:
            return {}
        result = {}
        for name in document.text_fields():
            fragment = None if name == document.title_field else SNIPPET_CHARS
            marked = highlight(str(data.get(name) or ""), stems, fragment)
            if marked:
                result[name] = [marked]
        return result

    def suggest(self, prefix, doc_names, limit=8):
        from search.models import SearchEntry

        stems = list(dict.fromkeys(terms(prefix)))
        if not stems:
            return []
        def suggestion(e):
            return Suggestion(id=e.object_id, type=e.doc_type, title=e.title,
                              url=str(e.data.get("url") or ""))

        if connection.vendor == "sqlite":
            # One ranked full-text pass with a LIMIT (no per-row bm25 subquery).
            window = limit * 10
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
                    f"ORDER BY bm25({FTS_TABLE}, 3.0, 1.0), rowid LIMIT %s",
                    [self._expression(stems, title_only=True), window])
                ids = [row[0] for row in cursor.fetchall()]
            entries = SearchEntry.objects.filter(doc_type__in=doc_names).in_bulk(ids)
            found = [entries[pk] for pk in ids if pk in entries][:limit]
            if len(found) == limit or len(ids) < window:
                return [suggestion(e) for e in found]
        queryset = self._match(SearchEntry.objects.filter(doc_type__in=doc_names), stems,
                               title_only=True)
        queryset = self._ranked(queryset, stems, title_only=True)
        return [suggestion(e) for e in queryset.order_by("-rank", "title")[:limit]]

    def more_like_this(self, document, object_id, limit=5):
        from search.models import SearchEntry

        entry = SearchEntry.objects.filter(doc_type=document.name, object_id=str(object_id)).first()
        if entry is None:
            return []
        if document.similar_facets:
            return self._sharing_facets(document, entry, limit)
        counter = Counter(t for t in (entry.title_terms.split() * 2 + entry.body_terms.split())
                          if len(t) >= 3 and not t.isdigit())
        stems = [term for term, _n in counter.most_common(12)]
        if not stems:
            return []
        options = {"any_term": True, "prefix": False}
        queryset = self._match(SearchEntry.objects.filter(doc_type=document.name)
                               .exclude(pk=entry.pk), stems, **options)
        queryset = self._ranked(queryset, stems, **options)
        return [Hit(id=e.object_id, type=e.doc_type, score=e.rank, data=e.data)
                for e in queryset.order_by("-rank", "id")[:limit]]

    @staticmethod
    def _sharing_facets(document, entry, limit):
        """The entries sharing the most values of the similar facets, newest first on a tie:
        one grouped count on the facet-value index."""
        from django.db.models import Q

        from search.models import SearchEntry, SearchFacetValue

        wanted = Q()
        for name in document.similar_facets:
            values = entry.facets.get(name) or []
            if values:
                wanted |= Q(name=name, value__in=values)
        if not wanted:
            return []
        shared = (SearchFacetValue.objects.filter(wanted, doc_type=document.name)
                  .exclude(entry_id=entry.pk).values("entry_id")
                  .annotate(shared=Count("id")).order_by("-shared", "-entry_id")[:limit])
        scores = {row["entry_id"]: row["shared"] for row in shared}
        entries = SearchEntry.objects.in_bulk(list(scores))
        return [Hit(id=entries[pk].object_id, type=document.name, score=float(score),
                    data=entries[pk].data) for pk, score in scores.items() if pk in entries]
