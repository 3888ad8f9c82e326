"""Admin of the search: the thesaurus moderators edit, and what visitors search for."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from core.snippets import EssaimSnippetViewSet
from search.models import SearchQueryStat, SynonymGroup


class SynonymGroupViewSet(EssaimSnippetViewSet):
    model = SynonymGroup
    icon = "list-ul"
    menu_label = _("Thesaurus")
    list_display = ["__str__", "note", "updated"]
    search_fields = ["terms", "note"]
    ordering = ["terms"]


class SearchQueryStatViewSet(EssaimSnippetViewSet):
    """Read-only for moderators (they hold the view permission only): counts come from
    the searches themselves."""

    model = SearchQueryStat
    icon = "search"
    menu_label = _("Visitors' searches")
    list_display = ["query", "week", "searches", "zero_results"]
    list_filter = {"week": ["exact"], "zero_results": ["gte"]}
    search_fields = ["query"]
    ordering = ["-week", "-zero_results", "-searches"]
    inspect_view_enabled = False
    copy_view_enabled = False


class SearchAdminGroup(SnippetViewSetGroup):
    menu_label = _("Search")
    menu_icon = "search"
    menu_order = 220
    items = (SynonymGroupViewSet, SearchQueryStatViewSet)


register_snippet(SearchAdminGroup)
