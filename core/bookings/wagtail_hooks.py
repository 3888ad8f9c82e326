"""Admin menu and audit-log actions of the sign-up engine."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def bookings_admin_urls():
    return [
        path("inscriptions/", admin_views.offering_list, name="bookings_admin_offerings"),
        path("inscriptions/<int:offering_id>/", admin_views.offering_detail,
             name="bookings_admin_offering"),
        path("inscriptions/<int:offering_id>/export.<str:fmt>", admin_views.offering_export,
             name="bookings_admin_export"),
    ]


class BookingsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.PERMISSION)


@hooks.register("register_admin_menu_item")
def bookings_menu_item():
    return BookingsMenuItem(_("Sign-ups"), reverse("bookings_admin_offerings"),
                            icon_name="group", order=260)


@hooks.register("register_log_actions")
def bookings_log_actions(actions):
    actions.register_action("bookings.export", _("Export participants"),
                            _("Participants exported"))
    actions.register_action("bookings.message", _("Message participants"),
                            _("Message sent to the participants"))
    actions.register_action("bookings.cancel_offering", _("Cancel a date"),
                            _("Date cancelled, participants notified"))
