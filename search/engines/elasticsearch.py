"""The Elasticsearch engine: one index per document type behind an alias.

The mapping comes from the plugin's elasticsearch-dsl Document; every text
field gets the French chain declared here (elision, lowercase, ASCII folding,
French stop words, light French stemmer), searched through the same chain
plus the thesaurus (a ``synonym_graph`` filter at search time only: changing
the thesaurus updates the index settings, never the indexed terms), an
``exact`` subfield (the folded words, unstemmed: phrases and the exact-form
boost), and, for the title, ``prefix`` (edge-n-grammed terms) and ``suggest``
(folded words, edge-n-grammed) subfields for the autocomplete.
"""

from __future__ import annotations

import copy
import dataclasses
import html
import json
import logging
import re
from datetime import UTC, datetime

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout
from elasticsearch import ApiError, Elasticsearch, NotFoundError, helpers

from search import thesaurus
from search.analysis import ARTICLES, STOP_WORDS, words
from search.documents import TIERS
from search.engines.base import (
    TYPE_FACET,
    EngineUnavailable,
    Hit,
    Query,
    SearchEngine,
    SearchResult,
    Suggestion,
)
from search.query import parse
from search.text import ELLIPSIS

MARK_TAGS = re.compile(r"</?mark>")

logger = logging.getLogger(__name__)

TYPE_FIELD = "doc_type"
CHECKSUM_FIELD = "essaim_checksum"  # in _source only (dynamic: false): for `search check`
FACET_SIZE = 100
SNIPPET_CHARS = 160
# Documents a bulk request: a reindex batch (search.indexing.BATCH_SIZE) in one request.
BULK_CHUNK = 5000
BULK_TIMEOUT = 60
UNAVAILABLE = (TransportConnectionError, ConnectionTimeout)
SYNONYMS_FILTER = "essaim_synonyms"
FUZZY = {"fuzziness": "AUTO", "prefix_length": 1, "max_expansions": 50}
EXACT_BOOST = 1.0
# Hits counted exactly up to this many when no count request runs (the result window
# itself: no page goes further); beyond, the total is a lower bound.
TOTAL_HITS = 10_000
# Merging a freshly built index into one segment (restore_refresh) may take this long.
MERGE_TIMEOUT = 600
# Highlighting analyses at most this many characters of a field.
MAX_ANALYZED_OFFSET = 100_000

ANALYSIS = {
    "filter": {
        "essaim_elision": {"type": "elision", "articles_case": True, "articles": list(ARTICLES)},
        "essaim_stop": {"type": "stop", "stopwords": sorted(STOP_WORDS)},
        "essaim_stem": {"type": "stemmer", "language": "light_french"},
        "essaim_edge": {"type": "edge_ngram", "min_gram": 1, "max_gram": 20},
    },
    "analyzer": {
        "essaim_french": {"tokenizer": "standard", "filter": [
            "essaim_elision", "lowercase", "asciifolding", "essaim_stop", "essaim_stem"]},
        "essaim_french_search": {"tokenizer": "standard", "filter": [
            "essaim_elision", "lowercase", "asciifolding", "essaim_stop", "essaim_stem",
            SYNONYMS_FILTER]},
        "essaim_exact": {"tokenizer": "standard", "filter": [
            "essaim_elision", "lowercase", "asciifolding"]},
        "essaim_exact_search": {"tokenizer": "standard", "filter": [
            "essaim_elision", "lowercase", "asciifolding", "essaim_stop"]},
        "essaim_french_prefix": {"tokenizer": "standard", "filter": [
            "essaim_elision", "lowercase", "asciifolding", "essaim_stop", "essaim_stem",
            "essaim_edge"]},
        "essaim_suggest": {"tokenizer": "standard", "filter": [
            "essaim_elision", "lowercase", "asciifolding", "essaim_edge"]},
        "essaim_suggest_search": {"tokenizer": "standard", "filter": [
            "essaim_elision", "lowercase", "asciifolding"]},
    },
}


# French typography puts a narrow no-break space between thousands ("2 000 habitants");
# the standard tokenizer keeps "2 000" in one token across it (UAX #29), so a query typed
# with a plain space would miss it. The database engine's analysis splits there already.
PLAIN_SPACES = str.maketrans({"\u202f": " ", "\u00a0": " "})


def plain_spaces(value):
    """``value`` (JSON data) with its no-break spaces made plain spaces."""
    if isinstance(value, str):
        return value.translate(PLAIN_SPACES)
    if isinstance(value, list):
        return [plain_spaces(item) for item in value]
    if isinstance(value, dict):
        return {key: plain_spaces(item) for key, item in value.items()}
    return value


def source_data(data: dict) -> dict:
    """The document data as JSON would give it back (dates as strings…)."""
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def synonyms_filter(rules=None) -> dict:
    """The thesaurus as a search-time synonym_graph filter (search.thesaurus.rules)."""
    return {"type": "synonym_graph", "updateable": True, "lenient": True,
            "synonyms": thesaurus.rules() if rules is None else rules}


def analysis() -> dict:
    settings_ = copy.deepcopy(ANALYSIS)
    settings_["filter"][SYNONYMS_FILTER] = synonyms_filter()
    return settings_


def _text_mapping(spec: dict, title: bool) -> dict:
    spec = copy.deepcopy(spec)
    spec["analyzer"] = "essaim_french"
    spec["search_analyzer"] = "essaim_french_search"
    fields = spec.setdefault("fields", {})
    fields["exact"] = {"type": "text", "analyzer": "essaim_exact",
                       "search_analyzer": "essaim_exact_search"}
    if title:
        fields["prefix"] = {"type": "text", "analyzer": "essaim_french_prefix",
                            "search_analyzer": "essaim_french"}
        fields["suggest"] = {"type": "text", "analyzer": "essaim_suggest",
                             "search_analyzer": "essaim_suggest_search"}
    return spec


def index_body(document) -> dict:
    properties = {}
    for name, spec in document.properties().items():
        properties[name] = (_text_mapping(spec, name == document.title_field)
                            if spec.get("type") == "text" else spec)
    properties[TYPE_FIELD] = {"type": "keyword"}
    return {
        "settings": {"number_of_shards": 1, "number_of_replicas": 0, "analysis": analysis()},
        "mappings": {"dynamic": False, "properties": properties},
    }


_clients: dict = {}


def client_for(url: str, timeout: float) -> Elasticsearch:
    """One client (and its connection pool) per address and timeout, for the process."""
    key = (url, timeout)
    if key not in _clients:
        _clients[key] = Elasticsearch(url, request_timeout=timeout, max_retries=0,
                                      retry_on_timeout=False)
    return _clients[key]


class ElasticsearchEngine(SearchEngine):
    name = "elasticsearch"

    def __init__(self, url=None, prefix=None, timeout=5):
        self.url = url or settings.ELASTICSEARCH_URL
        self.prefix = prefix or getattr(settings, "ESSAIM_SEARCH_INDEX_PREFIX", "essaim")
        self.client = client_for(self.url, timeout)

    # --- indexes -------------------------------------------------------------------

    def alias(self, doc_name: str) -> str:
        return f"{self.prefix}-{doc_name}".lower()

    def new_index_name(self, doc_name: str) -> str:
        return f"{self.alias(doc_name)}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"

    def create_index(self, document, name: str | None = None,
                     refresh_interval: str | None = None) -> str:
        """A new index for ``document``; ``refresh_interval="-1"`` while a reindex fills
        it (``restore_refresh`` afterwards)."""
        name = name or self.new_index_name(document.name)
        body = index_body(document)
        index_settings = dict(body["settings"])
        if refresh_interval:
            index_settings["refresh_interval"] = refresh_interval
        self._call(self.client.indices.create, index=name, settings=index_settings,
                   mappings=body["mappings"])
        return name

    def restore_refresh(self, index: str) -> None:
        """Back to Elasticsearch's default refresh interval, refresh once now, and merge
        the index (built in bulk, not read yet) into one segment.

        A bulk build leaves several segments, each visited by every search, which
        Elasticsearch merges later or never: at 100 000 sheets (8 segments) the faceted
        search's p95 was about twice that of the same index merged into one. The merge
        takes seconds at that size, before the alias swap; later writes add small
        segments that the usual merge policy looks after."""
        self._call(self.client.indices.put_settings, index=index,
                   settings={"index": {"refresh_interval": None}})
        self._call(self.client.indices.refresh, index=index)
        self._call(self.client.options(request_timeout=MERGE_TIMEOUT).indices.forcemerge,
                   index=index, max_num_segments=1)
        self._call(self.client.indices.refresh, index=index)

    def current_index(self, doc_name: str) -> str | None:
        try:
            found = self._call(self.client.indices.get_alias, name=self.alias(doc_name))
        except NotFoundError:
            return None
        return sorted(found.body)[-1] if found.body else None

    def ensure_index(self, document) -> str:
        """The index behind the alias, created with the alias when missing."""
        current = self.current_index(document.name)
        if current:
            return current
        name = self.create_index(document)
        self.swap_alias(document.name, name)
        return name

    def swap_alias(self, doc_name: str, index: str, delete_old=True) -> None:
        alias = self.alias(doc_name)
        try:
            old = list(self._call(self.client.indices.get_alias, name=alias).body)
        except NotFoundError:
            old = []
        actions = [{"remove": {"index": name, "alias": alias}} for name in old if name != index]
        actions.append({"add": {"index": index, "alias": alias}})
        self._call(self.client.indices.update_aliases, actions=actions)
        if delete_old:
            for name in old:
                if name != index:
                    self._call(self.client.indices.delete, index=name, ignore_unavailable=True)

    def update_synonyms(self, rules=None) -> list[str]:
        """Give every index of this prefix the thesaurus' current rules.

        Analysis settings are static: ``reopen`` closes and reopens each index, a
        moment during which searches fall back to the database engine. Nothing is
        reindexed (the synonyms are applied at search time only).
        """
        from search.registry import get_documents

        rules = thesaurus.rules() if rules is None else rules
        updated = []
        for name in get_documents():
            index = self.current_index(name)
            if index is None or self.synonyms(index) == rules:
                continue
            self._call(self.client.indices.put_settings, index=index, reopen=True,
                       settings={"analysis": {"filter": {SYNONYMS_FILTER:
                                                         synonyms_filter(rules)}}})
            self._call(self.client.cluster.health, index=index, wait_for_status="yellow",
                       timeout="30s")
            updated.append(index)
        return updated

    def synonyms(self, index: str) -> list[str]:
        """The synonym rules ``index`` searches with."""
        found = self._call(self.client.indices.get_settings, index=index,
                           name=f"index.analysis.filter.{SYNONYMS_FILTER}.synonyms")
        return list(found.body.get(index, {}).get("settings", {}).get("index", {})
                    .get("analysis", {}).get("filter", {}).get(SYNONYMS_FILTER, {})
                    .get("synonyms", []))

    def refresh(self, doc_name: str | None = None) -> None:
        target = self.alias(doc_name) if doc_name else f"{self.prefix}-*"
        self._call(self.client.indices.refresh, index=target, ignore_unavailable=True,
                   allow_no_indices=True)

    def drop_all(self) -> None:
        """Delete every index of this prefix (tests, `reindex --from-scratch`)."""
        self._call(self.client.indices.delete, index=f"{self.prefix}-*",
                   ignore_unavailable=True, allow_no_indices=True, expand_wildcards="all")

    def ping(self) -> bool:
        # Cluster health, not HEAD / (client.ping): the minimal integ-test distribution
        # has no root endpoint (405).
        try:
            self.client.cluster.health(timeout="2s")
        except Exception:
            return False
        return True

    @staticmethod
    def _call(method, **kwargs):
        try:
            return method(**kwargs)
        except UNAVAILABLE as exc:
            raise EngineUnavailable(str(exc)) from exc

    # --- writing -------------------------------------------------------------------

    @staticmethod
    def _source(document, data: dict, digest: str | None = None) -> dict:
        """The indexed document of ``data``; ``data`` already as JSON gives it back when
        its checksum ``digest`` is given (the database engine's analysis, in a reindex)."""
        from search.engines.database import checksum

        if digest is None:
            data = source_data(data)
            digest = checksum(data)
        source = plain_spaces(data)
        source[TYPE_FIELD] = document.name
        source[CHECKSUM_FIELD] = digest
        return source

    @staticmethod
    def _refresh():
        # Tests read right after writing; production lets Elasticsearch refresh on its own.
        return True if getattr(settings, "ESSAIM_SEARCH_REFRESH_ON_WRITE", False) else None

    def index_data(self, document, object_id, data, index=None):
        index = index or self.ensure_index(document)
        self._call(self.client.index, index=index, id=str(object_id),
                   document=self._source(document, data), refresh=self._refresh())

    def bulk_index(self, document, items, index=None, refresh=None):
        """Index ``items`` in one bulk request (up to BULK_CHUNK documents a request);
        ``refresh=False`` leaves the refresh to the caller (a reindex into an index
        nobody reads yet)."""
        return self.bulk_index_sources(
            document, [(object_id, data, None) for object_id, data in items], index, refresh)

    def bulk_index_sources(self, document, items, index=None, refresh=None):
        """``bulk_index`` of [(object id, data, checksum)]: with a checksum, the data is
        taken as JSON gives it back (search.engines.database.analysed)."""
        if not items:
            return 0
        index = index or self.ensure_index(document)
        actions = ({"_op_type": "index", "_index": index, "_id": str(object_id),
                    "_source": self._source(document, data, digest)}
                   for object_id, data, digest in items)
        try:
            # A large bulk on a busy node takes longer than a search may.
            client = self.client.options(request_timeout=BULK_TIMEOUT)
            ok, _errors = helpers.bulk(client, actions, chunk_size=BULK_CHUNK, stats_only=True,
                                       refresh=self._refresh() if refresh is None else refresh)
        except UNAVAILABLE as exc:
            raise EngineUnavailable(str(exc)) from exc
        return ok

    def delete(self, document, object_id):
        try:
            self._call(self.client.delete, index=self.alias(document.name), id=str(object_id),
                       refresh=self._refresh())
        except NotFoundError:
            pass

    def ids(self, document):
        if not self.current_index(document.name):
            return set()
        try:
            return {hit["_id"] for hit in helpers.scan(
                self.client, index=self.alias(document.name), query={"query": {"match_all": {}}},
                _source=False, size=2000)}
        except UNAVAILABLE as exc:
            raise EngineUnavailable(str(exc)) from exc

    def checksums(self, document) -> dict[str, str]:
        if not self.current_index(document.name):
            return {}
        try:
            return {hit["_id"]: hit["_source"].get(CHECKSUM_FIELD, "") for hit in helpers.scan(
                self.client, index=self.alias(document.name),
                query={"query": {"match_all": {}}}, _source=[CHECKSUM_FIELD], size=10_000)}
        except UNAVAILABLE as exc:
            raise EngineUnavailable(str(exc)) from exc

    # --- searching -------------------------------------------------------------------

    @staticmethod
    def _text_fields(documents):
        fields = {}
        for document in documents:
            for name, boost in document.boosts().items():
                fields[name] = max(fields.get(name, 0), boost)
        return fields

    def _text_query(self, query, fields):
        """Every free term (or a synonym of it) in some field, every phrase as written,
        typos matched fuzzily; the exact forms of the words as typed rank first."""
        parsed = parse(query.text)
        stemmed = [f"{name}^{boost}" for name, boost in fields.items()]
        exact = [f"{name}.exact^{boost}" for name, boost in fields.items()]
        must = []
        free = parsed.free_text
        if query.fuzzy:
            free = " ".join(word for word, _s, _e in words(free) if word not in query.fuzzy)
            must.extend({"multi_match": {"query": word, "fields": stemmed, "operator": "and",
                                         **FUZZY}} for word in query.fuzzy)
        if parsed.stems and free:
            must.append({"multi_match": {
                "query": free, "fields": stemmed, "type": "cross_fields", "operator": "and",
                "auto_generate_synonyms_phrase_query": False, "zero_terms_query": "none"}})
        must.extend({"multi_match": {"query": phrase, "fields": exact, "type": "phrase",
                                     "analyzer": "essaim_exact"}}
                    for phrase in parsed.phrase_texts)
        if not must:
            return {"match_none": {}}
        should = []
        if parsed.exact:
            should.append({"multi_match": {"query": " ".join(parsed.exact), "fields": exact,
                                           "boost": EXACT_BOOST}})
        return {"bool": {"must": must, "should": should}}

    @staticmethod
    def _filter_clause(name, values):
        field = TYPE_FIELD if name == TYPE_FACET else name
        return {"terms": {field: list(values)}}

    def search(self, query: Query) -> SearchResult:
        """One request for the page of hits, one for the counts (total, types, facets).

        The hits request has every filter in filter context and no aggregation: Lucene
        scores only the best candidates (its total is bounded by TOTAL_HITS). The counts
        request is ``size: 0`` with the text query in filter context (nothing scored),
        cached by the shard request cache; each facet counts under the other facets'
        filters (disjunctive facets). Both go in one ``msearch``. Without facets on a
        single document type, only the hits request runs and the total may be a bound
        (``SearchResult.total_exact``).
        """
        from search.registry import get_documents

        documents = get_documents()
        docs = [documents[name] for name in query.doc_names if name in documents]
        indexes = [self.alias(d.name) for d in docs]
        fields = self._text_fields(docs)
        main = self._text_query(query, fields) if query.text else {"match_all": {}}
        filters = {name: values for name, values in query.filters.items() if values}
        facets = [name for name in query.facets if name != TYPE_FACET]
        counted = bool(facets) or len(docs) > 1

        def others(skip):
            return [self._filter_clause(n, v) for n, v in filters.items() if n != skip]

        sort = self._sort(query, docs)
        # A field sort ignores scores: the exact-form boost (``should``) is left out.
        scored = {"bool": {"must": main["bool"]["must"]}} if sort and "bool" in main else main
        hits_body = {"query": self._filtered(scored, others(None)), "from": query.offset,
                     "size": query.per_page, "track_total_hits": False if counted else
                     TOTAL_HITS, "_source": {"excludes": [CHECKSUM_FIELD]}}
        if sort:
            hits_body["sort"] = sort
        if query.text:
            hits_body["highlight"] = {
                # The text query alone: no filter value is ever marked in the text.
                "highlight_query": main,
                "pre_tags": ["<mark>"], "post_tags": ["</mark>"], "encoder": "html",
                "require_field_match": False, "max_analyzed_offset": MAX_ANALYZED_OFFSET,
                "fields": {name: {"number_of_fragments": 0 if boost == TIERS["title"] else 1,
                                  "fragment_size": SNIPPET_CHARS}
                           for name, boost in fields.items()},
            }
        target = {"index": indexes, "ignore_unavailable": True, "allow_no_indices": True}
        try:
            if counted:
                counts_body = self._counts_body(main, filters, facets, others)
                responses = self._call(self.client.msearch, searches=[
                    target, hits_body, {**target, "request_cache": True}, counts_body])
                response, counts = (self._checked(r, responses.meta)
                                    for r in responses["responses"])
            else:
                response = self._call(self.client.search, **target, **hits_body)
                counts = None
        except NotFoundError:
            return SearchResult([], 0, {}, {}, query.page, query.per_page, self.name)
        hits = []
        for hit in response["hits"]["hits"]:
            source = dict(hit["_source"])
            doc_type = source.pop(TYPE_FIELD, "")
            source.pop(CHECKSUM_FIELD, None)
            highlight = {name: [_with_ellipses(fragment, source.get(name))
                                for fragment in fragments]
                         for name, fragments in hit.get("highlight", {}).items()}
            hits.append(Hit(id=hit["_id"], type=doc_type, score=hit.get("_score"), data=source,
                            highlight=highlight))
        if counts is None:
            total = response["hits"]["total"]
            types = {docs[0].name: total["value"]} if docs and total["value"] else {}
            return SearchResult(hits=hits, total=total["value"], facets={}, types=types,
                                page=query.page, per_page=query.per_page, engine=self.name,
                                total_exact=total["relation"] == "eq")
        aggregations = counts.get("aggregations", {})

        def buckets(key):
            if key in aggregations:
                rows = aggregations[key].get("values", {}).get("buckets", [])
            else:  # nested in the total's aggregation
                rows = aggregations.get("_total", {}).get(key, {}).get("buckets", [])
            rows = [(str(b.get("key_as_string", b["key"])) if not isinstance(b["key"], int)
                     else str(b["key"]), b["doc_count"]) for b in rows]
            return sorted(rows, key=lambda row: (-row[1], row[0]))

        return SearchResult(hits=hits, total=aggregations.get("_total", {}).get("doc_count", 0),
                            facets={name: buckets(f"facet_{name}") for name in facets},
                            types=dict(buckets("_types")), page=query.page,
                            per_page=query.per_page, engine=self.name)

    @staticmethod
    def _filtered(query, clauses):
        """``query`` restricted by filter ``clauses`` (filter context: not scored, cached)."""
        if not clauses:
            return query
        if "bool" in query and "filter" not in query["bool"]:
            return {"bool": {**query["bool"], "filter": clauses}}
        return {"bool": {"must": [query], "filter": clauses}}

    @staticmethod
    def _counts_body(main, filters, facets, others):
        """The ``size: 0`` request counting the total, the types and each facet."""
        # Scores are not needed to count: the text query's required clauses only (the
        # exact-form ``should`` only ranks), in filter context.
        if "bool" in main:
            main = {"bool": {"must": main["bool"]["must"]}}
        # A facet without a selection counts under every filter: it is nested in the
        # total's filter aggregation, evaluated once; a selected facet (and the types)
        # counts under the other facets' filters only (disjunctive facets).
        total = {"filter": {"bool": {"filter": others(None)}}, "aggs": {}}
        aggs = {"_total": total}
        for name in [TYPE_FACET, *facets]:
            field = TYPE_FIELD if name == TYPE_FACET else name
            key = "_types" if name == TYPE_FACET else f"facet_{name}"
            terms = {"terms": {"field": field, "size": 50 if name == TYPE_FACET else FACET_SIZE}}
            if name in filters:
                aggs[key] = {"filter": {"bool": {"filter": others(name)}},
                             "aggs": {"values": terms}}
            else:
                total["aggs"][key] = terms
        return {"query": {"bool": {"filter": [main]}}, "size": 0, "track_total_hits": False,
                "aggs": aggs}

    @staticmethod
    def _checked(response, meta):
        """One response of an msearch, or the error a single search would have raised."""
        if "error" not in response:
            return response
        status = response.get("status", 500)
        if status in (429, 502, 503, 504):
            raise EngineUnavailable(str(response["error"]))
        error = NotFoundError if status == 404 else ApiError
        raise error(message=str(response["error"]), meta=dataclasses.replace(meta, status=status),
                    body=response)

    @staticmethod
    def _sort(query, docs):
        field = query.sort.lstrip("-")
        for document in docs:
            target = document.sortable_fields().get(field)
            if target:
                order = "desc" if query.sort.startswith("-") else "asc"
                return [{target: {"order": order, "missing": "_last",
                                  "unmapped_type": "keyword"}}, "_doc"]
        # By relevance: Elasticsearch's default order (score, then index order), which
        # lets Lucene skip the documents that cannot reach the page (an explicit sort
        # on ``_score`` does not).
        return None

    def suggest(self, prefix, doc_names, limit=8):
        from search.registry import get_documents

        documents = get_documents()
        docs = [documents[name] for name in doc_names if name in documents]
        if not docs or not prefix.strip():
            return []
        titles = {d.title_field for d in docs}
        should = []
        for title in titles:
            should.append({"match": {f"{title}.prefix": {"query": prefix, "operator": "and"}}})
            should.append({"match": {f"{title}.suggest": {"query": prefix, "operator": "and",
                                                          "boost": 2}}})
        query = {"bool": {"should": should, "minimum_should_match": 1}}
        response = self._call(self.client.search, index=[self.alias(d.name) for d in docs],
                              ignore_unavailable=True, allow_no_indices=True, query=query,
                              size=limit, track_total_hits=False,
                              source_includes=[*titles, "url", TYPE_FIELD])
        result = []
        for hit in response["hits"]["hits"]:
            source = hit["_source"]
            document = documents.get(source.get(TYPE_FIELD))
            title = source.get(document.title_field if document else "title") or ""
            result.append(Suggestion(id=hit["_id"], type=source.get(TYPE_FIELD, ""),
                                     title=str(title), url=str(source.get("url") or "")))
        return result

    def more_like_this(self, document, object_id, limit=5):
        like = [{"_index": self.alias(document.name), "_id": str(object_id)}]
        if document.similar_facets:
            # Shared taxonomy values first (as the database engine), text to break ties.
            query = {"bool": {"should": [
                {"more_like_this": {"fields": list(document.similar_facets), "like": like,
                                    "min_term_freq": 1, "min_doc_freq": 1,
                                    "minimum_should_match": 1, "boost": 10}},
                {"more_like_this": {"fields": document.text_fields(), "like": like,
                                    "min_term_freq": 1, "min_doc_freq": 1,
                                    "max_query_terms": 25}},
            ], "minimum_should_match": 1,
               "filter": [{"more_like_this": {"fields": list(document.similar_facets),
                                              "like": like, "min_term_freq": 1,
                                              "min_doc_freq": 1,
                                              "minimum_should_match": 1}}]}}
        else:
            query = {"more_like_this": {
                "fields": document.text_fields(), "like": like,
                "min_term_freq": 1, "min_doc_freq": 1, "max_query_terms": 25}}
        try:
            response = self._call(self.client.search, index=self.alias(document.name),
                                  query=query, size=limit, track_total_hits=False,
                                  source_excludes=[CHECKSUM_FIELD])
        except NotFoundError:
            return []
        hits = []
        for hit in response["hits"]["hits"]:
            source = dict(hit["_source"])
            source.pop(TYPE_FIELD, None)
            source.pop(CHECKSUM_FIELD, None)
            hits.append(Hit(id=hit["_id"], type=document.name, score=hit["_score"], data=source))
        return hits


def _with_ellipses(fragment: str, text) -> str:
    """A highlighted fragment with an ellipsis where the field's text goes on before or
    after it, as the database engine shows its excerpts."""
    if not isinstance(text, str) or not text:
        return fragment
    plain = html.unescape(MARK_TAGS.sub("", fragment)).strip()
    start = text.find(plain)
    if start < 0:
        return fragment
    if start > 0:
        fragment = f"{ELLIPSIS} {fragment.lstrip()}"
    if start + len(plain) < len(text.rstrip()):
        fragment = f"{fragment.rstrip()} {ELLIPSIS}"
    return fragment
