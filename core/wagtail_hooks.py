"""Territories in the admin (Moderators and Editors curate them)."""

from django.db.models import ForeignKey
from wagtail import hooks
from wagtail.admin.forms.models import register_form_field_override
from wagtail.snippets.models import register_snippet

from . import pagecache
from .models import Territory
from .snippets import EssaimSnippetViewSet
from .territory_fields import TerritoryAutocomplete, TerritoryChoiceField


class TerritoryViewSet(EssaimSnippetViewSet):
    model = Territory
    icon = "site"
    list_display = ["name", "insee_code", "kind", "population"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "insee_code", "postal_codes"]
    # Territories are bulk-loaded (core.territories), outside the search engine's index.
    search_backend_name = None

    def on_register(self):
        super().on_register()
        # Every admin form picks a territory with the autocomplete (name, postal code or
        # INSEE code) rather than the snippet chooser: it replaces the chooser's widget.
        register_form_field_override(ForeignKey, to=Territory, override={
            "form_class": TerritoryChoiceField, "widget": TerritoryAutocomplete})


register_snippet(TerritoryViewSet)


# After Wagtail's view-restriction check (order 0): a restricted page's content is served
# only to those the check lets through.
hooks.register("on_serve_page", pagecache.serve_shared_content, order=100)
