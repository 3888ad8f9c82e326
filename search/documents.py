"""What a plugin hands to search/: how to turn its content into a search document."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SearchDocument:
    """One searchable content type.

    ``name`` is the document type (and index name suffix); ``document`` the
    elasticsearch-dsl ``Document`` class describing its fields; ``queryset``
    returns what is public and searchable; ``prepare`` turns one instance into
    the data both engines index.
    """

    name: str
    label: str
    document: type
    queryset: Callable[[], Iterable[Any]]
    prepare: Callable[[Any], dict]
    facets: tuple[str, ...] = field(default_factory=tuple)
