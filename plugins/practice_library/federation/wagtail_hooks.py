"""Federation in the admin menu (for whoever may manage it) and its admin URLs."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views

patterns = ([
    path("", admin_views.subscriptions, name="index"),
    path("<int:pk>/synchroniser/", admin_views.sync_now, name="sync"),
    path("<int:pk>/desabonner/", admin_views.unsubscribe, name="unsubscribe"),
    path("fiches/", admin_views.remote_sheets, name="sheets"),
    path("fiches/<int:pk>/masquer/", admin_views.set_hidden, name="hide"),
], "practice_federation_admin")


@hooks.register("register_admin_urls")
def federation_admin_urls():
    return [path("federation/", include(patterns))]


class FederationMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_manage(request.user)


@hooks.register("register_admin_menu_item")
def federation_menu_item():
    return FederationMenuItem(_("Other sites' libraries"),
                              reverse("practice_federation_admin:index"),
                              icon_name="site", order=220)
