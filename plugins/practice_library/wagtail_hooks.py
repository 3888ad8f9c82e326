"""Admin UI of the practice library: moderators edit the taxonomies as snippets."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from core.snippets import EssaimSnippetViewSet

from .models import Audience, Challenge, Mechanism, Theme


def _viewset(taxonomy, icon_name):
    return type(f"{taxonomy.__name__}ViewSet", (EssaimSnippetViewSet,), {
        "model": taxonomy, "icon": icon_name,
        "list_display": ["name", "slug", "sort_order"],
        "search_fields": ["name", "description"],
        "ordering": ["sort_order", "name"],
    })


class PracticeTaxonomiesGroup(SnippetViewSetGroup):
    menu_label = _("Practice taxonomies")
    menu_icon = "tag"
    menu_order = 210
    items = (_viewset(Challenge, "warning"), _viewset(Mechanism, "cogs"),
             _viewset(Theme, "folder-open-inverse"), _viewset(Audience, "group"))


register_snippet(PracticeTaxonomiesGroup)
