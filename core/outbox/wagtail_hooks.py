"""The outbox in the admin (Settings → Outgoing messages): what waits, what failed and
why, and a button to try the failed ones again. Read-only otherwise."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from . import delivery
from .models import OutboxMessage


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Messages are seen (by superusers and whoever is given the view permission),
    never added, edited or deleted by hand."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and super().user_has_any_permission(user, ["view"])


register_permission_policy(OutboxMessage, ReadOnlyPolicy(OutboxMessage))


class OutboxIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        return [HeaderButton(_("Retry the failed messages"), url=reverse("outbox_retry"),
                             icon_name="repeat")]


class OutboxViewSet(ModelViewSet):
    model = OutboxMessage
    icon = "mail"
    menu_label = _("Outgoing messages")
    add_to_settings_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = []  # nothing is edited by hand (ReadOnlyPolicy)
    index_view_class = OutboxIndexView
    list_display = ["handler", "get_state_display", "attempts", "created_at", "available_at",
                    "last_error"]
    list_filter = ["delivered_at", "failed_at"]
    inspect_view_fields = ["handler", "key", "created_at", "attempts", "available_at",
                           "delivered_at", "failed_at", "last_error", "payload"]
    ordering = ["-created_at"]


@hooks.register("register_admin_viewset")
def register_outbox_viewset():
    return OutboxViewSet("outbox")


def retry_failed(request):
    if not request.user.has_perm("outbox.view_outboxmessage"):
        raise PermissionDenied
    failed = OutboxMessage.objects.filter(Q(failed_at__isnull=False) |
                                          Q(delivered_at__isnull=True, attempts__gt=0))
    if request.method == "POST":
        count = delivery.retry_now(failed)
        messages.success(request, ngettext("%(count)d message will be tried again.",
                                           "%(count)d messages will be tried again.",
                                           count) % {"count": count})
        return redirect("outbox:index")
    return TemplateResponse(request, "outbox/retry.html", {"count": failed.count()})


@hooks.register("register_admin_urls")
def outbox_admin_urls():
    return [path("outbox/retry/", retry_failed, name="outbox_retry")]
