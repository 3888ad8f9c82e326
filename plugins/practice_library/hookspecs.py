"""Hooks the practice library adds: other plugins implement them like core's."""

from core.hookspecs import hookspec


@hookspec
def practice_sheet_published(sheet):
    """Event: called when a practice sheet is published."""
