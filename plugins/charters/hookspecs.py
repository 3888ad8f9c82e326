"""Hooks the charters plugin adds: other plugins implement them like core's."""

from dataclasses import dataclass

from core.hookspecs import hookspec


@dataclass(frozen=True)
class CommitmentLink:
    """A link shown under a commitment (a practice sheet keeping a similar promise…)."""

    label: str
    url: str


@hookspec
def commitment_links(commitments):
    """Return {commitment pk: [plugins.charters.hookspecs.CommitmentLink]} for these commitments."""


@hookspec
def charter_adopted(charter):
    """Event: called when a charter version is adopted."""
