"""The database engine: SQLite FTS5 or a PostgreSQL tsvector, facets as grouped counts.

Both backends search the terms of search.analysis (the French chain Elasticsearch
uses), so the three engines agree on which documents a query finds. Each query
term must be an indexed term (AND, the same stem on both sides), or one of the
alternatives the thesaurus gives it (search.thesaurus); a quoted phrase must
appear as written in the exact forms; the exact forms of the words boost the
ranking. Text fields are stored by weight tier (title, summary, labels, body:
FTS5 columns or tsvector weights A–D).
"""

from __future__ import annotations

import hashlib
import html
import json
import sqlite3
from collections import Counter
from functools import lru_cache

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import BooleanField, F, FloatField
from django.db.models.expressions import RawSQL

from search import thesaurus
from search.analysis import STOP_WORDS, TOKEN, light_stem, terms, token_word, words
from search.documents import TIERS
from search.engines.base import (
    TYPE_FACET,
    Hit,
    Query,
    SearchEngine,
    SearchResult,
    Suggestion,
    facet_values,
)
from search.query import parse
from search.text import ELLIPSIS, word_end, word_start

ENTRY_TABLE = "essaim_search_searchentry"
FTS_TABLE = "essaim_search_fts"
FACET_TABLE = "essaim_search_searchfacetvalue"
# PostgreSQL: per entry, its document type, both tsvectors (stemmed and exact forms, kept
# in the row) and facet values as "name=value" keys (migrations essaim_search.0009 and
# 0010, kept in sync by triggers): what a search reads before it cuts the page.
MATCH_TABLE = "essaim_search_match"
# The stemmed columns by tier, and their weights (the tiers' boosts); the exact forms
# weigh like a title: "Loire" as typed outranks a title that only shares its stem.
TIER_COLUMNS = {"title": "title_terms", "summary": "summary_terms", "labels": "label_terms",
                "body": "body_terms"}
STEMMED = "{" + " ".join(TIER_COLUMNS.values()) + "}"
EXACT_WEIGHT = 4.0
BM25 = f"bm25({FTS_TABLE}, {', '.join(str(TIERS[t]) for t in TIER_COLUMNS)}, {EXACT_WEIGHT})"
# ts_rank weights are given D, C, B, A: body, labels, summary, title over the title's.
TS_WEIGHTS = "{" + ", ".join(str(TIERS[t] / TIERS["title"])
                             for t in ("body", "labels", "summary", "title")) + "}"
# The text columns of an entry, as the engine's COPY writes them.
COPY_TEXT = ("title", "body", "title_terms", "summary_terms", "label_terms", "body_terms",
             "exact_terms")
COPY_COLUMNS = ", ".join(COPY_TEXT)
SNIPPET_CHARS = 160
FACET_SIZE = 100
# more_like_this on facets: the newest entries considered per shared value.
SIMILAR_CANDIDATES = 500


def checksum(data: dict) -> str:
    raw = json.dumps(data, sort_keys=True, cls=DjangoJSONEncoder)
    return hashlib.sha256(raw.encode()).hexdigest()


def entry_fields(document, data: dict) -> dict:
    """The columns of a SearchEntry for ``data``."""
    return analysed(document, data)[0]


@lru_cache(maxsize=200_000)
def _token(token: str) -> tuple[str, str | None, tuple[str, str] | None]:
    """A token's folded word, its indexed term (None for a stop word) and its vocabulary
    form (search.spelling): a text's analysis is one cached look-up per token."""
    from search.spelling import word_form

    word = token_word(token)
    if not word:
        return word, None, None
    return word, None if word in STOP_WORDS else light_stem(word), word_form(word, token)


def analysed(document, data: dict) -> tuple[dict, dict, str]:
    """The columns of a SearchEntry for ``data`` and its vocabulary (search.spelling),
    each text field tokenized once.

    The columns' ``data`` is ``data`` as JSON gives it back; ``raw_data`` (not a column)
    is that JSON text, keys sorted, whose hash is the checksum."""
    title = str(data.get(document.title_field) or "")
    texts = {name: str(data.get(name) or "") for name in document.text_fields()}
    body = "\n".join(text for name, text in texts.items() if name != document.title_field)
    by_tier = {tier: [] for tier in TIER_COLUMNS}
    exact, found = [], {}
    for name, text in texts.items():
        stems = by_tier[document.tier(name)]
        for token in TOKEN.findall(text):
            word, stem, form = _token(token)
            if not word:
                continue
            exact.append(word)
            if stem is not None:
                stems.append(stem)
            if form is not None and word not in found:
                found[word] = form
    facets = {name: facet_values(data.get(name)) for name in document.facets}
    raw = json.dumps(data, sort_keys=True, cls=DjangoJSONEncoder)
    fields = {column: " ".join(by_tier[tier]) for tier, column in TIER_COLUMNS.items()}
    fields.update(title=title, body=body, data=json.loads(raw), facets=facets,
                  checksum=hashlib.sha256(raw.encode()).hexdigest(),
                  exact_terms=" ".join(exact))
    return fields, found, raw


def highlight(text: str, stems: list[str], fragment: int | None = None) -> str | None:
    """``text`` HTML-escaped with the words matching ``stems`` in <mark>; None if none match.

    With ``fragment``, only about that many characters around the first match, cut
    between words (at the start of the match's line when it is near), with an ellipsis
    where text was left out."""
    if not text or not stems:
        return None
    spans = [(start, end) for word, start, end in words(text)
             if light_stem(word) in stems]
    if not spans:
        return None
    begin, end = 0, len(text)
    if fragment and len(text) > fragment:
        first = spans[0][0]
        begin = max(0, first - fragment // 4)
        line = text.rfind("\n", begin, first)
        begin = line + 1 if line >= 0 else word_start(text, begin, limit=first)
        end = word_end(text, min(len(text), begin + fragment), floor=spans[0][1])
        spans = [s for s in spans if s[0] >= begin and s[1] <= end]
    out, position = [], begin
    for start, stop in spans:
        out.append(html.escape(text[position:start]))
        out.append(f"<mark>{html.escape(text[start:stop])}</mark>")
        position = stop
    out.append(html.escape(text[position:end]))
    snippet = "".join(out).strip()
    if begin > 0:
        snippet = f"{ELLIPSIS} {snippet}"
    if end < len(text.rstrip()):
        snippet = f"{snippet.rstrip(' ,;:')} {ELLIPSIS}"
    return snippet


class TextMatch:
    """A full-text condition in both dialects: required slots of alternatives (each a
    sequence of terms, all required), phrases of exact forms, exact forms that boost.

    ``prefix`` (the autocomplete) matches the start of the terms, in the title only.
    """

    def __init__(self, slots, phrases=(), exact=(), prefix=False, title_only=False):
        self.slots, self.phrases, self.exact = slots, list(phrases), list(exact)
        self.prefix, self.title_only = prefix, title_only

    def stems(self) -> list[str]:
        found = [t for slot in self.slots for alternative in slot for t in alternative]
        for phrase in self.phrases:
            found.extend(terms(" ".join(phrase)))
        return list(dict.fromkeys(found))

    # SQLite FTS5
    def _fts_term(self, term):
        return f'"{term}"*' if self.prefix else f'"{term}"'

    def _fts_slot(self, slot):
        alternatives = [self._fts_term(a[0]) if len(a) == 1 else
                        "(" + " AND ".join(self._fts_term(t) for t in a) + ")" for a in slot]
        return alternatives[0] if len(alternatives) == 1 else f"({' OR '.join(alternatives)})"

    def fts(self) -> str:
        parts = []
        if self.slots:
            columns = "title_terms" if self.title_only else STEMMED
            parts.append(f"{columns} : ({' AND '.join(self._fts_slot(s) for s in self.slots)})")
        parts.extend(f'exact_terms : "{" ".join(phrase)}"' for phrase in self.phrases)
        return " AND ".join(parts)

    def fts_ranked(self) -> str:
        if not self.exact:
            return self.fts()
        boost = " OR ".join(f'"{word}"' for word in self.exact)
        return f"({self.fts()}) OR (exact_terms : ({boost}))"

    # PostgreSQL tsquery
    def _ts_term(self, term):
        return f"{term}:*{'A' if self.title_only else ''}" if self.prefix else term

    def _ts_slot(self, slot):
        alternatives = [self._ts_term(a[0]) if len(a) == 1 else
                        "(" + " & ".join(self._ts_term(t) for t in a) + ")" for a in slot]
        return alternatives[0] if len(alternatives) == 1 else f"({' | '.join(alternatives)})"

    def tsquery(self) -> str:
        return " & ".join(self._ts_slot(slot) for slot in self.slots)

    def phrase_tsqueries(self) -> list[str]:
        return [" <-> ".join(phrase) for phrase in self.phrases]

    def condition(self, narrow=False):
        """The SQL condition an entry of table ``{t}`` meets when it matches, and its
        parameters (the table's name is formatted in by the caller).

        ``narrow``: ``{t}`` is PostgreSQL's MATCH_TABLE, whose phrases are matched in
        the exact forms of the entry table."""
        if connection.vendor == "postgresql":
            conditions, params = [], []
            if self.tsquery():
                conditions.append("{t}.search_vector @@ to_tsquery('simple', %s)")
                params.append(self.tsquery())
            for phrase in self.phrase_tsqueries():
                if narrow:
                    conditions.append(f"{{t}}.entry_id IN (SELECT id FROM {ENTRY_TABLE} "
                                      "WHERE exact_vector @@ to_tsquery('simple', %s))")
                else:
                    conditions.append("{t}.exact_vector @@ to_tsquery('simple', %s)")
                params.append(phrase)
            return " AND ".join(conditions), params
        return (f"{{t}}.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)",
                [self.fts()])


class _Scope:
    """The conditions of a search on the entries (``e``), as SQL: ``where`` (document
    types and text, matched once) and one flag per active filter.

    ``narrow`` (PostgreSQL): on MATCH_TABLE (``{t}.entry_id``), the filters read from
    its facet keys."""

    def __init__(self, query, match, narrow=False):
        marks = ", ".join(["%s"] * len(query.doc_names))
        self.conditions = [(f"{{t}}.doc_type IN ({marks})", list(query.doc_names))]
        if match is not None:
            self.conditions.append(match.condition(narrow=narrow))
        self.flags = []
        for name, values in query.filters.items():
            if not values:
                continue
            values = [str(value) for value in values]
            marks = ", ".join(["%s"] * len(values))
            if name == TYPE_FACET:
                self.flags.append((name, f"{{t}}.doc_type IN ({marks})", values))
            elif narrow:
                self.flags.append((name, "{t}.facet_keys && %s::text[]",
                                   [[f"{name}={value}" for value in values]]))
            else:
                # A facet value has its entry's document type: the (doc_type, name, value)
                # index finds the entries having one of the values.
                doc_marks = ", ".join(["%s"] * len(query.doc_names))
                self.flags.append((name, f"{{t}}.id IN (SELECT entry_id FROM {FACET_TABLE} "
                                         f"WHERE doc_type IN ({doc_marks}) AND name = %s "
                                         f"AND value IN ({marks}))",
                                   [*query.doc_names, name, *values]))

    @staticmethod
    def _sql(parts, table):
        return (" AND ".join(sql.format(t=table) for sql, _params in parts),
                [p for _sql, params in parts for p in params])

    @property
    def where(self):
        return self._sql(self.conditions, "e")[0]

    @property
    def params(self):
        return self._sql(self.conditions, "e")[1]

    def flag_sql(self, table="e"):
        """[(filter name, SQL on ``table``, params)]"""
        return [(name, sql.format(t=table), params) for name, sql, params in self.flags]

    def where_all_conditions(self, table):
        """The document types and the text on ``table``, and their parameters."""
        return self._sql(self.conditions, table)

    def where_all(self, table="e"):
        """Every condition and every filter: the entries of the result."""
        parts = self.conditions + [(sql, params) for _name, sql, params in self.flags]
        return self._sql(parts, table)


class DatabaseEngine(SearchEngine):
    name = "database"

    # --- writing -------------------------------------------------------------------

    def index_data(self, document, object_id, data):
        from search import spelling
        from search.models import SearchEntry, SearchFacetValue

        fields, found, _raw = analysed(document, data)
        with transaction.atomic():
            old = list(SearchEntry.objects.filter(doc_type=document.name,
                                                  object_id=str(object_id))
                       .values_list("exact_terms", flat=True))
            spelling.update(document.name, [found], old)
            entry, _created = SearchEntry.objects.update_or_create(
                doc_type=document.name, object_id=str(object_id), defaults=fields)
            entry.facet_values.all().delete()
            SearchFacetValue.objects.bulk_create(
                SearchFacetValue(entry=entry, doc_type=document.name, name=name, value=value[:255])
                for name, values in fields["facets"].items() for value in values)

    def bulk_index(self, document, items):
        if not items:
            return 0
        with transaction.atomic():
            return self.write_analysed(document, self.analyse(document, items))

    @staticmethod
    def analyse(document, items) -> list[tuple[str, dict, dict, str]]:
        """[(object id, columns, vocabulary, JSON data)] of ``items`` (no query): the
        Python half of ``bulk_index``, which a reindex runs while the previous batch is
        written."""
        return [(str(object_id), *analysed(document, data)) for object_id, data in items]

    def write_analysed(self, document, analyses) -> int:
        """Replace the entries of ``analyses`` (``analyse``), in the caller's transaction.

        A fixed number of statements whatever the batch's size: the old entries' words
        read and deleted with their facet values, the vocabulary counted in one upsert,
        then on PostgreSQL the new entries and their facet values loaded with COPY (their
        ids taken from the sequence first), elsewhere bulk inserts."""
        from search import spelling
        from search.models import SearchEntry, SearchFacetValue

        if not analyses:
            return 0
        ids = [object_id for object_id, *_rest in analyses]
        old = SearchEntry.objects.filter(doc_type=document.name, object_id__in=ids)
        spelling.update(document.name, [found for _i, _fields, found, _raw in analyses],
                        list(old.values_list("exact_terms", flat=True)))
        # Bulk inserts send no post_save: what was computed from the entries
        # (core.pagecache.remember) is made stale here.
        from core import pagecache

        pagecache.invalidate_on_commit("essaim_search")
        if connection.vendor == "postgresql":
            self._copy(document, analyses, old)
            return len(analyses)
        old.delete()
        entries = [SearchEntry(doc_type=document.name, object_id=object_id, **fields)
                   for object_id, fields, _found, _raw in analyses]
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
        return len(analyses)

    @staticmethod
    def _copy(document, analyses, old):
        from django.utils import timezone

        now = timezone.now()
        with connection.cursor() as cursor:
            # The facet values first: the entries' foreign key is checked at commit.
            old_ids = list(old.values_list("pk", flat=True))
            if old_ids:
                cursor.execute(f"DELETE FROM {FACET_TABLE} WHERE entry_id = ANY(%s)", [old_ids])
                cursor.execute(f"DELETE FROM {ENTRY_TABLE} WHERE id = ANY(%s)", [old_ids])
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                           "FROM generate_series(1, %s)", [ENTRY_TABLE, len(analyses)])
            pks = [row[0] for row in cursor.fetchall()]
            raw = cursor.cursor  # psycopg's own: COPY is not part of the DB-API
            with raw.copy(f"COPY {ENTRY_TABLE} (id, doc_type, object_id, {COPY_COLUMNS}, "
                          "data, facets, checksum, updated) FROM STDIN") as copy:
                for pk, (object_id, fields, _found, data) in zip(pks, analyses, strict=True):
                    copy.write_row((pk, document.name, object_id,
                                    *(fields[column] for column in COPY_TEXT),
                                    data, json.dumps(fields["facets"]), fields["checksum"], now))
            with raw.copy(f"COPY {FACET_TABLE} (entry_id, doc_type, name, value) "
                          "FROM STDIN") as copy:
                for pk, (_object_id, fields, _found, _data) in zip(pks, analyses, strict=True):
                    for name, values in fields["facets"].items():
                        for value in values:
                            copy.write_row((pk, document.name, name, value[:255]))

    def delete(self, document, object_id):
        from search import spelling
        from search.models import SearchEntry

        with transaction.atomic():
            entries = SearchEntry.objects.filter(doc_type=document.name,
                                                 object_id=str(object_id))
            spelling.update(document.name, [], list(entries.values_list("exact_terms",
                                                                          flat=True)))
            entries.delete()

    def ids(self, document):
        from search.models import SearchEntry

        return set(SearchEntry.objects.filter(doc_type=document.name)
                   .values_list("object_id", flat=True))

    def checksums(self, document) -> dict[str, str]:
        from search.models import SearchEntry

        return dict(SearchEntry.objects.filter(doc_type=document.name)
                    .values_list("object_id", "checksum"))

    # --- full text -------------------------------------------------------------------

    @classmethod
    def _match(cls, queryset, match):
        """Restrict to the entries matching ``match`` (a subquery: usable anywhere)."""
        condition, params = match.condition()
        sql = f"SELECT id FROM {ENTRY_TABLE} WHERE {condition.format(t=ENTRY_TABLE)}"
        return queryset.filter(id__in=RawSQL(sql, params))

    @classmethod
    def _rank_sql(cls, match, table):
        """The rank of an entry of ``table`` (higher is better), and its parameters.

        PostgreSQL: the stemmed text's ts_rank plus the exact forms' (both vectors are
        in the entry table and in MATCH_TABLE). SQLite: a correlated bm25() subquery (for
        a few rows only: a ranked FTS5 scan costs one full-text query in all, see
        _ranked_page)."""
        if connection.vendor == "postgresql":
            sql, params = "0", []
            if match.tsquery():
                sql = (f"ts_rank('{TS_WEIGHTS}', {table}.search_vector, "
                       "to_tsquery('simple', %s))")
                params = [match.tsquery()]
            if match.exact:
                sql += (f" + {EXACT_WEIGHT / TIERS['title']} * ts_rank('{{1, 1, 1, 1}}', "
                        f"{table}.exact_vector, to_tsquery('simple', %s))")
                params = params + [" | ".join(match.exact)]
            return sql, params
        return (f"(SELECT -{BM25} FROM {FTS_TABLE} "
                f"WHERE {FTS_TABLE} MATCH %s AND rowid = {table}.id)", [match.fts_ranked()])

    @classmethod
    def _ranked(cls, queryset, match):
        """Annotate ``rank`` (higher is better); only on the outermost query."""
        sql, params = cls._rank_sql(match, ENTRY_TABLE)
        return queryset.annotate(rank=RawSQL(sql, params, output_field=FloatField()))

    # --- searching -------------------------------------------------------------------

    def search(self, query: Query) -> SearchResult:
        """One SQL query whatever the number of entries (the counts and the page in one
        pass, see _one_pass); on a sort by a field, the page and its ranks are two more."""
        from search.registry import get_documents

        documents = get_documents()
        facet_names = list(dict.fromkeys(name for name in query.facets if name != TYPE_FACET))
        parsed = parse(query.text)
        if not query.doc_names or (query.text and parsed.empty):
            return SearchResult(hits=[], total=0, facets={name: [] for name in facet_names},
                                types={}, page=query.page, per_page=query.per_page,
                                engine=self.name)
        match = None
        if not parsed.empty:
            match = TextMatch(self._slots(parsed.stems, query.fuzzy), parsed.phrases,
                              parsed.exact)
        scope = _Scope(query, match)
        # PostgreSQL counts and ranks on its narrow match table (see MATCH_TABLE).
        counting = (_Scope(query, match, narrow=True) if connection.vendor == "postgresql"
                    else scope)
        ordering = self._ordering(query, documents, match is not None)
        if ordering[0] in ("-rank", "id"):
            total, facets, types, rows = self._one_pass(
                counting, facet_names, match, query, "rank" if match else "id")
        else:
            total, facets, types, _rows = self._one_pass(counting, facet_names, match, query,
                                                         None)
            rows = self._sorted_page(scope, match, query, ordering) if total > query.offset else []
        stems = match.stems() if match else []
        hits = []
        for _pk, doc_type, object_id, data, rank in rows:
            hits.append(Hit(id=object_id, type=doc_type, score=rank, data=data,
                            highlight=self._highlights(documents.get(doc_type), data, stems)))
        return SearchResult(hits=hits, total=total, facets=facets, types=types, page=query.page,
                            per_page=query.per_page, engine=self.name)

    def _one_pass(self, scope, facet_names, match, query, order):
        """The total, the types, every facet's counts and, unless ``order`` is None, the
        page (by rank, or by id without text), in one query.

        The matching entries (document types and text, matched once) carry one flag per
        active filter, and their rank when they pass every filter (ts_rank or bm25 on
        those only). Each facet's values are counted over the entries passing every
        filter but the facet's own (disjunctive facets), the types over those passing
        every filter but the type, the total over those passing all of them; the page is
        cut from the latter before its rows are read.

        On PostgreSQL the entries are read from MATCH_TABLE (``scope`` is narrow): the
        facet values are its rows' keys, an entry failing two filters or more (it counts
        nowhere) is left out by the scan, and the rank (stemmed and exact forms, both
        vectors in the row) is computed for the entries passing every filter only.

        Returns (total, facets, types, [(entry id, doc_type, object_id, data, rank)])."""
        narrow = connection.vendor == "postgresql"
        if narrow:
            flag_sql = scope.flag_sql("v")
            columns = ["v.entry_id AS id", "v.doc_type"]
            if facet_names:
                columns.append("v.facet_keys")
            where, where_params = scope.where_all_conditions("v")
            # Only the entries failing at most one filter count somewhere: in the facet
            # of that filter, or in the types.
            skips = [i for i, (name, _sql, _p) in enumerate(flag_sql)
                     if name in facet_names or name == TYPE_FACET]
            if skips:
                terms = [[j for j in range(len(flag_sql)) if j != i] for i in skips]
            else:
                terms = [list(range(len(flag_sql)))]
            if flag_sql and all(terms):
                where += " AND (" + " OR ".join(
                    "(" + " AND ".join(flag_sql[j][1] for j in term) + ")" for term in terms
                ) + ")"
                where_params = where_params + [p for term in terms for j in term
                                               for p in flag_sql[j][2]]
            source = f"{MATCH_TABLE} v WHERE {where}"
        else:
            flag_sql = scope.flag_sql()
            columns = ["e.id", "e.doc_type"]
            source, where_params = f"{ENTRY_TABLE} e WHERE {scope.where}", scope.params
        columns += [f"{sql} AS f{i}" for i, (_name, sql, _p) in enumerate(flag_sql)]
        params = [p for _name, _sql, flag_params in flag_sql for p in flag_params]
        if match is not None and order == "rank":
            if narrow:
                rank, rank_params = self._rank_sql(match, "v")
            else:
                rank, rank_params = f"-{BM25}", []
                # CROSS JOIN: the full-text scan drives (SQLite keeps the order), instead of
                # one full-text query per entry of the document types.
                source = (f"{FTS_TABLE} CROSS JOIN {ENTRY_TABLE} e ON e.id = {FTS_TABLE}.rowid "
                          f"WHERE {FTS_TABLE} MATCH %s AND {scope.where}")
                where_params = [match.fts_ranked()] + where_params
            if flag_sql:
                rank = f"CASE WHEN {' AND '.join(sql for _n, sql, _p in flag_sql)} THEN {rank} END"
                rank_params = params + rank_params
            columns.append(f"{rank} AS rank")
            params = params + rank_params
        else:
            columns.append("CAST(NULL AS DOUBLE PRECISION) AS rank")
        params += where_params

        def passing(skip=None, facet_column=None):
            conditions = []
            for i, (name, _sql, _p) in enumerate(flag_sql):
                if name == skip:
                    continue
                if facet_column and name in facet_names:
                    conditions.append(f"({facet_column} = %s OR m.f{i})")
                    params.append(name)
                else:
                    conditions.append(f"m.f{i}")
            return " AND ".join(conditions) or "1 = 1"

        # Typed: PostgreSQL resolves the columns of a UNION pairwise, from the left.
        nulls = "CAST(NULL AS DOUBLE PRECISION), CAST(NULL AS TEXT)"
        parts = []
        if facet_names:
            names = ", ".join(["%s"] * len(facet_names))
            params.extend(facet_names)
            # An entry failing two of the facets' filters counts in no facet: left out
            # before the join.
            failing = [f"CASE WHEN m.f{i} THEN 0 ELSE 1 END"
                       for i, (name, _sql, _p) in enumerate(flag_sql) if name in facet_names]
            useful = f" AND {' + '.join(failing)} <= 1" if len(failing) > 1 else ""
            # PostgreSQL: the entry's facet keys, in the row (no join).
            values = (f"JOIN {FACET_TABLE} fv ON fv.entry_id = m.id " if not narrow else
                      "CROSS JOIN LATERAL (SELECT split_part(k, '=', 1) AS name, "
                      "substr(k, strpos(k, '=') + 1) AS value FROM unnest(m.facet_keys) k) fv ")
            parts.append(f"SELECT 0, fv.name, fv.value, COUNT(*), {nulls} FROM m {values}"
                         f"WHERE fv.name IN ({names}) AND {passing(facet_column='fv.name')}"
                         f"{useful} GROUP BY fv.name, fv.value")
        parts.append(f"SELECT 1, '', m.doc_type, COUNT(*), {nulls} FROM m "
                     f"WHERE {passing(TYPE_FACET)} GROUP BY m.doc_type")
        parts.append(f"SELECT 2, '', '', COUNT(*), {nulls} FROM m WHERE {passing()}")
        if order is not None:
            by = "rank DESC, m.id" if order == "rank" and match is not None else "m.id"
            parts.append(f"SELECT 3, e.doc_type, e.object_id, p.id, p.rank, "
                         f"CAST(e.data AS TEXT) FROM (SELECT m.id, m.rank AS rank FROM m "
                         f"WHERE {passing()} ORDER BY {by} "
                         f"LIMIT %s OFFSET %s) p JOIN {ENTRY_TABLE} e ON e.id = p.id")
            params += [query.per_page, query.offset]
        sql = f"WITH m AS (SELECT {', '.join(columns)} FROM {source}) " + " UNION ALL ".join(parts)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        from search.models import SearchEntry

        data_field = SearchEntry._meta.get_field("data")
        total, by_facet, by_type, page = 0, {name: [] for name in facet_names}, [], []
        for kind, name, value, n, rank, data in rows:
            if kind == 0:
                by_facet[name].append((value, n))
            elif kind == 1:
                by_type.append((value, n))
            elif kind == 2:
                total = n
            else:
                page.append((n, name, value, data_field.from_db_value(data, None, connection),
                             rank))
        if order == "rank" and match is not None:
            page.sort(key=lambda row: (-row[4], row[0]))
        else:
            page.sort(key=lambda row: row[0])

        def top(counts):
            return sorted(counts, key=lambda row: (-row[1], row[0]))[:FACET_SIZE]

        return (total, {name: top(counts) for name, counts in by_facet.items()},
                dict(top(by_type)), page)

    def _sorted_page(self, scope, match, query, ordering):
        """The page on a field's order, then the ranks of its entries only (SQLite would
        run a bm25() subquery for every match before the sort)."""
        from search.models import SearchEntry

        where, params = scope.where_all(ENTRY_TABLE)
        entries = (SearchEntry.objects.filter(RawSQL(where, params, output_field=BooleanField()))
                   .only("id", "doc_type", "object_id", "data").order_by(*ordering))
        page = list(entries[query.offset:query.offset + query.per_page])
        ranks = self._ranks(match, [entry.pk for entry in page]) if match and page else {}
        return [(entry.pk, entry.doc_type, entry.object_id, entry.data, ranks.get(entry.pk))
                for entry in page]

    @classmethod
    def _ranks(cls, match, ids):
        """{entry id: rank} of the entries ``ids`` (the same figures as a ranked pass)."""
        marks = ", ".join(["%s"] * len(ids))
        if connection.vendor == "postgresql":
            rank, params = cls._rank_sql(match, "e")
            sql = f"SELECT e.id, {rank} FROM {ENTRY_TABLE} e WHERE e.id IN ({marks})"
        else:
            sql = (f"SELECT rowid, -{BM25} FROM {FTS_TABLE} "
                   f"WHERE {FTS_TABLE} MATCH %s AND rowid IN ({marks})")
            params = [match.fts_ranked()]
        with connection.cursor() as cursor:
            cursor.execute(sql, params + list(ids))
            return dict(cursor.fetchall())

    @staticmethod
    def _slots(stems, fuzzy):
        """The thesaurus' alternatives of each position; a typo's are its corrections."""
        corrections = {light_stem(word): found for word, found in (fuzzy or {}).items()}
        slots = thesaurus.expand(stems)
        return [[(term,) for term in corrections[slot[0][0]]]
                if len(slot) == 1 and len(slot[0]) == 1 and slot[0][0] in corrections else slot
                for slot in slots]

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
        match = TextMatch([[(stem,)] for stem in stems], prefix=True, title_only=True)

        def suggestion(e):
            return Suggestion(id=e.object_id, type=e.doc_type, title=e.title,
                              url=str(e.data.get("url") or ""))

        if connection.vendor == "sqlite":
            # One ranked full-text pass with a LIMIT (no per-row bm25 subquery).
            window = limit * 10
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
                    f"ORDER BY {BM25}, rowid LIMIT %s", [match.fts(), window])
                ids = [row[0] for row in cursor.fetchall()]
            entries = SearchEntry.objects.filter(doc_type__in=doc_names).in_bulk(ids)
            found = [entries[pk] for pk in ids if pk in entries][:limit]
            if len(found) == limit or len(ids) < window:
                return [suggestion(e) for e in found]
        if connection.vendor == "postgresql":
            # Matched and ranked on MATCH_TABLE (the entry table's vectors lie in TOAST:
            # a short prefix matches thousands of entries); the titles break the ties.
            condition, params = match.condition(narrow=True)
            rank, rank_params = self._rank_sql(match, "v")
            marks = ", ".join(["%s"] * len(doc_names))
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT e.id FROM {MATCH_TABLE} v JOIN {ENTRY_TABLE} e ON e.id = v.entry_id "
                    f"WHERE v.doc_type IN ({marks}) AND {condition.format(t='v')} "
                    f"ORDER BY {rank} DESC, e.title LIMIT %s",
                    [*doc_names, *params, *rank_params, limit])
                ids = [row[0] for row in cursor.fetchall()]
            entries = SearchEntry.objects.only("object_id", "doc_type", "title", "data") \
                .in_bulk(ids)
            return [suggestion(entries[pk]) for pk in ids if pk in entries]
        queryset = self._match(SearchEntry.objects.filter(doc_type__in=doc_names), match)
        queryset = self._ranked(queryset, match)
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
        match = TextMatch([[(stem,) for stem in stems]])
        queryset = self._match(SearchEntry.objects.filter(doc_type=document.name)
                               .exclude(pk=entry.pk), match)
        queryset = self._ranked(queryset, match)
        return [Hit(id=e.object_id, type=e.doc_type, score=e.rank, data=e.data)
                for e in queryset.order_by("-rank", "id")[:limit]]

    @staticmethod
    def _sharing_facets(document, entry, limit):
        """The entries sharing the most values of the similar facets, newest first on a tie.

        The candidates are, for each value of the entry, the SIMILAR_CANDIDATES newest
        entries having it (a window read in order from the facet-value index). The
        windows alone bound each candidate's shared values: at least the windows it is in,
        at most that plus the full windows whose oldest entry is newer than it (a value
        it may share without being in its window). Only the candidates whose bound could
        reach the first ``limit`` have their shared values counted exactly, in the same
        query: the ranking is the one an exact count of every candidate gives, and the
        cost stays flat as the library grows. A library where a value has fewer entries
        than that gets the exact ranking over every entry."""
        from search.models import SearchEntry

        wanted = [(name, list(dict.fromkeys(entry.facets.get(name) or [])))
                  for name in document.similar_facets]
        wanted = [(name, values) for name, values in wanted if values]
        if not wanted or limit < 1:
            return []
        windows, params = [], []
        for name, values in wanted:
            for value in values:
                windows.append(
                    f"SELECT {len(windows)} AS k, entry_id FROM (SELECT entry_id "
                    f"FROM {FACET_TABLE} WHERE doc_type = %s AND name = %s AND value = %s "
                    f"AND entry_id <> %s ORDER BY entry_id DESC LIMIT {SIMILAR_CANDIDATES}) "
                    f"c{len(windows)}")
                params += [document.name, name, str(value), entry.pk]
        # The names again on their own: an index condition (each candidate's values of
        # the similar facets only are read), the pairs then filter.
        shared = (f"fv.name IN ({', '.join(['%s'] * len(wanted))}) AND ("
                  + " OR ".join(f"(fv.name = %s AND fv.value IN "
                                f"({', '.join(['%s'] * len(values))}))" for _name, values in wanted)
                  + ")")
        shared_params = [name for name, _values in wanted]
        for name, values in wanted:
            shared_params += [name, *map(str, values)]
        # w: the windows; full: those holding SIMILAR_CANDIDATES entries, and their
        # oldest; b: each candidate's bounds; t: the limit-th candidate by its lower
        # bound; checked: those that could rank above it (and the first ``limit``). They
        # drive the join (CROSS JOIN keeps that order on SQLite), each reading its values
        # from the (entry, name, value) index.
        join = "CROSS JOIN" if connection.vendor == "sqlite" else "JOIN"
        # Materialized: the full windows are read once per candidate (a keyword SQLite
        # knows from 3.35).
        materialized = "" if connection.vendor == "sqlite" and \
            sqlite3.sqlite_version_info < (3, 35) else "MATERIALIZED "
        sql = (f"WITH w AS ({' UNION ALL '.join(windows)}), "
               f"full_w AS {materialized}(SELECT k, MIN(entry_id) AS oldest FROM w GROUP BY k "
               f"HAVING COUNT(*) = {SIMILAR_CANDIDATES}), "
               "b AS (SELECT w.entry_id, COUNT(*) AS low, COUNT(*) + (SELECT COUNT(*) "
               "FROM full_w WHERE full_w.oldest > w.entry_id) AS high FROM w "
               "GROUP BY w.entry_id), "
               "t AS (SELECT low, entry_id FROM b ORDER BY low DESC, entry_id DESC "
               "LIMIT 1 OFFSET %s), "
               "checked AS (SELECT b.entry_id FROM b WHERE NOT EXISTS (SELECT 1 FROM t) "
               "OR b.high > (SELECT low FROM t) OR (b.high = (SELECT low FROM t) "
               "AND b.entry_id >= (SELECT entry_id FROM t))) "
               f"SELECT fv.entry_id, COUNT(*) FROM checked c {join} {FACET_TABLE} fv "
               f"ON fv.entry_id = c.entry_id WHERE ({shared}) "
               "GROUP BY fv.entry_id ORDER BY 2 DESC, fv.entry_id DESC LIMIT %s")
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit - 1, *shared_params, limit])
            scores = dict(cursor.fetchall())
        entries = SearchEntry.objects.in_bulk(list(scores))
        return [Hit(id=entries[pk].object_id, type=document.name, score=float(score),
                    data=entries[pk].data) for pk, score in scores.items() if pk in entries]
