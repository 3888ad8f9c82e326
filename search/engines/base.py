"""What every search engine answers, whatever runs it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_QUERY_LENGTH = 200
MAX_PER_PAGE = 100
TYPE_FACET = "type"


class EngineUnavailable(Exception):
    """The engine cannot be reached; the API falls back to the database engine."""


@dataclass
class Hit:
    id: str
    type: str
    score: float | None
    data: dict
    highlight: dict[str, list[str]] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return str(self.data.get("title") or "")

    @property
    def url(self) -> str:
        return str(self.data.get("url") or "")


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int
    facets: dict[str, list[tuple[str, int]]]
    types: dict[str, int]
    page: int
    per_page: int
    engine: str
    fallback: bool = False
    # Set when the query had unknown words and was answered corrected: the corrected
    # text, for "did you mean …?".
    suggestion: str = ""
    # False when ``total`` is a lower bound (Elasticsearch stops counting at 10 000
    # hits when no facet count is asked): pages show "plus de 10 000".
    total_exact: bool = True

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@dataclass
class Suggestion:
    id: str
    type: str
    title: str
    url: str


@dataclass
class Query:
    """A validated search request: the same for every engine."""

    doc_names: list[str]
    text: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    facets: list[str] = field(default_factory=list)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    # Typo tolerance: {word as typed: known terms close to it} (search.spelling).
    fuzzy: dict[str, list[str]] = field(default_factory=dict)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


_SPACES = re.compile(r"\s+")


def clean_text(text) -> str:
    text = _SPACES.sub(" ", str(text or "").replace("\x00", "")).strip()
    return text[:MAX_QUERY_LENGTH]


def facet_values(value) -> list[str]:
    """A document's facet value(s) as strings: lists flatten, None and "" vanish."""
    if value is None or value == "":
        return []
    if isinstance(value, list | tuple | set):
        return [str(v) for v in value if v is not None and v != ""]
    return [str(value)]


class SearchEngine:
    name = "base"

    def index_data(self, document, object_id: str, data: dict) -> None:
        raise NotImplementedError

    def bulk_index(self, document, items: list[tuple[str, dict]]) -> int:
        for object_id, data in items:
            self.index_data(document, object_id, data)
        return len(items)

    def delete(self, document, object_id: str) -> None:
        raise NotImplementedError

    def search(self, query: Query) -> SearchResult:
        raise NotImplementedError

    def suggest(self, prefix: str, doc_names: list[str], limit: int = 8) -> list[Suggestion]:
        raise NotImplementedError

    def more_like_this(self, document, object_id: str, limit: int = 5) -> list[Hit]:
        raise NotImplementedError

    def ids(self, document) -> set[str]:
        raise NotImplementedError
