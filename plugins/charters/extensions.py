"""Extension point: other plugins add links next to each commitment.

The practice library, for instance, can point a commitment to the practice
sheets that show how other territories keep a similar promise. A provider is a
callable taking a ``Commitment`` and returning ``CommitmentLink`` objects; it is
registered once, typically from the providing app's ``AppConfig.ready()``:

    from plugins.charters.extensions import CommitmentLink, register_commitment_links

    def practice_sheets(commitment):
        return [CommitmentLink(sheet.title, sheet.url) for sheet in sheets_for(commitment)]

    register_commitment_links(practice_sheets)

Links show under the commitment on the charter page and in the comparison.
A failing provider is logged and skipped: a charter page never breaks because of it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CommitmentLink:
    label: str
    url: str


_providers: list[Callable[[object], Iterable[CommitmentLink]]] = []


def register_commitment_links(provider):
    """Register ``provider(commitment) -> iterable of CommitmentLink``; usable as a decorator."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def unregister_commitment_links(provider):
    if provider in _providers:
        _providers.remove(provider)


def has_commitment_links() -> bool:
    return bool(_providers)


def commitment_links(commitment) -> list[CommitmentLink]:
    links = []
    for provider in _providers:
        try:
            links.extend(provider(commitment) or [])
        except Exception:
            logger.exception("Commitment link provider %r failed", provider)
    return links
