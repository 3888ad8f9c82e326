"""Admin UI of the charters plugin: endorsements and follow-up reports for editors,
"new charter from template" and "adopt a version" actions."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import DateColumn
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from core.admin_columns import YesNoColumn
from core.snippets import EssaimSnippetViewSet

from . import admin_views
from .models import CharterPage, Endorsement, FollowUpReport


class EndorsementViewSet(EssaimSnippetViewSet):
    model = Endorsement
    icon = "group"
    menu_label = _("Endorsements")
    list_display = ["name", "organisation", "kind", "charter",
                    YesNoColumn("is_confirmed", label=_("confirmed")),
                    DateColumn("created_at", label=_("requested at"))]
    list_filter = ["kind", "charter"]
    search_fields = ["name", "organisation", "email"]
    list_export = ["charter", "kind", "name", "organisation", "email", "show_name",
                   "created_at", "confirmed_at"]
    ordering = ["-created_at"]


class FollowUpReportViewSet(EssaimSnippetViewSet):
    model = FollowUpReport
    icon = "tasks"
    menu_label = _("Follow-up reports")
    list_display = ["commitment", "reported_on", "evidence_url"]
    search_fields = ["summary"]
    ordering = ["-reported_on"]


class ChartersGroup(SnippetViewSetGroup):
    menu_label = _("Charters")
    menu_icon = "doc-full"
    menu_order = 250
    items = (EndorsementViewSet, FollowUpReportViewSet)


register_snippet(ChartersGroup)


@hooks.register("register_admin_urls")
def charters_admin_urls():
    return [
        path("charters/new-from-template/", admin_views.new_from_template,
             name="charters_new_from_template"),
        path("charters/<int:page_id>/adopt/", admin_views.adopt,
             name="charters_adopt_version"),
    ]


@hooks.register("register_admin_menu_item")
def new_charter_menu_item():
    return MenuItem(_("New charter from template"), reverse("charters_new_from_template"),
                    icon_name="doc-empty-inverse", order=251)


@hooks.register("register_page_header_buttons")
def adopt_version_button(page, user, view_name, next_url=None):
    if isinstance(page.specific_deferred, CharterPage) and \
            page.permissions_for_user(user).can_publish():
        yield Button(_("Adopt a version"), reverse("charters_adopt_version", args=[page.pk]),
                     icon_name="success", priority=80)
