"""Territories in the admin (Moderators and Editors curate them)."""

from wagtail.snippets.models import register_snippet

from .models import Territory
from .snippets import EssaimSnippetViewSet


class TerritoryViewSet(EssaimSnippetViewSet):
    model = Territory
    icon = "site"
    list_display = ["name", "insee_code", "kind", "population"]
    search_fields = ["name", "insee_code", "postal_codes"]
    # Territories are bulk-loaded (core.territories), outside the search engine's index.
    search_backend_name = None


register_snippet(TerritoryViewSet)
