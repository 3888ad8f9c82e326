"""Sheets received from other sites, indexed as practice sheets (a source of the
practice_sheet search document) with the instance they come from as their origin."""

from __future__ import annotations

PREFIX = "remote-"


def remote_object_id(sheet) -> str:
    return f"{PREFIX}{sheet.pk}"


def remote_sheets():
    from .models import RemoteSheet

    return RemoteSheet.objects.visible().select_related("subscription")


def prepare_remote(sheet) -> dict:
    """The same fields as a local sheet's (plugins/practice_library/documents.py)."""
    from core.models import PopulationBracket

    data = sheet.data
    territory = data.get("territory") or {}
    labels = [item["name"] for name in ("challenges", "mechanisms", "themes", "audiences")
              for item in data.get(name) or []]
    start = sheet.start_date
    return {
        "id": remote_object_id(sheet),
        "title": sheet.title,
        "key_points": "\n".join(sheet.key_points),
        # Labels of taxonomy values this site does not know are searchable text.
        "body": "\n".join([*(_plain(s["html"]) for s in data.get("sections") or []),
                           " ".join(labels)]),
        "territory": territory.get("name", ""),
        "url": sheet.get_absolute_url(),
        "challenge": sheet.slugs("challenges"),
        "mechanism": sheet.slugs("mechanisms"),
        "theme": sheet.slugs("themes"),
        "audience": sheet.slugs("audiences"),
        "level": data.get("participation_level") or None,
        "recruitment": data.get("recruitment") or None,
        "kind": territory.get("kind") or None,
        "size": PopulationBracket.for_population(territory.get("population")),
        "region": territory.get("region") or None,
        "year": start.year if start else None,
        "origin": sheet.subscription.origin,
        "published_at": sheet.published,
        "updated_at": sheet.updated,
    }


def _plain(html):
    from search.text import plain_text

    return plain_text(html)


def source():
    from search.documents import SearchSource

    return SearchSource(prefix=PREFIX, queryset=remote_sheets, prepare=prepare_remote)
