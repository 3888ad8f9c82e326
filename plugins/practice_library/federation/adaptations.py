"""“Adapted in N other territories”, counted across instances: a sheet names what it was
adapted from by address, whichever site published it."""

from __future__ import annotations

from core.pages import public


def remote_adaptations(url: str) -> list:
    """The visible sheets from other sites adapted from the practice at ``url``."""
    from .models import RemoteSheet

    if not url:
        return []
    return list(RemoteSheet.objects.visible().filter(adapted_from_url=url)
                .select_related("subscription").order_by("title"))


def local_adaptations(url: str) -> list:
    """This site's live sheets adapted from the practice at ``url`` (on another site)."""
    from plugins.practice_library.models import PracticeSheetPage

    if not url:
        return []
    return list(public(PracticeSheetPage.objects.live()).filter(adapted_from_url=url)
                .select_related("territory").order_by("territory__name"))
