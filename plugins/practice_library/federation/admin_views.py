"""Federation in the admin: moderators and editors follow other instances, see how their
synchronisation goes, and hide a received sheet. Every view checks its permission."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services, tasks
from .forms import SubscribeForm
from .models import RemoteSheet, Subscription

SUBSCRIBE = "practice_federation.add_subscription"
SYNC = "practice_federation.change_subscription"
UNSUBSCRIBE = "practice_federation.delete_subscription"
HIDE = "practice_federation.change_remotesheet"
PERMISSIONS = (SUBSCRIBE, SYNC, UNSUBSCRIBE, HIDE)


def can_manage(user) -> bool:
    return any(user.has_perm(p) for p in PERMISSIONS)


def _require(user, permission):
    if not user.has_perm(permission):
        raise PermissionDenied


def subscriptions(request):
    if not can_manage(request.user):
        raise PermissionDenied
    form = SubscribeForm(request.POST or None)
    if request.method == "POST":
        _require(request.user, SUBSCRIBE)
        if form.is_valid():
            try:
                with transaction.atomic():
                    subscription = services.subscribe(form.cleaned_data["address"],
                                                      user=request.user)
                    tasks.enqueue_sync(subscription)
            except services.FederationError as exc:
                form.add_error("address", str(exc))
            else:
                messages.success(request, _("%(name)s is now followed: its sheets are being "
                                            "fetched.") % {"name": subscription})
                return redirect("practice_federation_admin:index")
    items = Subscription.objects.annotate(sheet_count=Count("sheets")).order_by("name")
    return TemplateResponse(request, "practice_federation/admin/index.html", {
        "subscriptions": items, "form": form,
        "can_subscribe": request.user.has_perm(SUBSCRIBE),
        "can_sync": request.user.has_perm(SYNC),
        "can_unsubscribe": request.user.has_perm(UNSUBSCRIBE)})


@require_POST
def sync_now(request, pk):
    _require(request.user, SYNC)
    subscription = get_object_or_404(Subscription, pk=pk)
    Subscription.objects.filter(pk=pk).update(next_attempt_at=timezone.now())
    tasks.enqueue_sync(subscription)
    messages.success(request, _("A synchronisation of %(name)s was started.")
                     % {"name": subscription})
    return redirect("practice_federation_admin:index")


def unsubscribe(request, pk):
    _require(request.user, UNSUBSCRIBE)
    subscription = get_object_or_404(Subscription, pk=pk)
    if request.method == "POST":
        count = services.unsubscribe(subscription)
        messages.success(request, _("%(name)s is no longer followed; its %(count)s sheet(s) "
                                    "were removed.") % {"name": subscription, "count": count})
        return redirect("practice_federation_admin:index")
    return TemplateResponse(request, "practice_federation/admin/unsubscribe.html", {
        "subscription": subscription, "count": subscription.sheets.count()})


def remote_sheets(request):
    _require(request.user, HIDE)
    queryset = RemoteSheet.objects.select_related("subscription").order_by(
        "subscription__name", "title")
    chosen = request.GET.get("instance", "")
    if chosen.isdigit():
        queryset = queryset.filter(subscription_id=int(chosen))
    page = Paginator(queryset, 50).get_page(request.GET.get("p"))
    return TemplateResponse(request, "practice_federation/admin/sheets.html", {
        "page": page, "subscriptions": Subscription.objects.order_by("name"),
        "chosen": chosen})


@require_POST
def set_hidden(request, pk):
    _require(request.user, HIDE)
    sheet = get_object_or_404(RemoteSheet, pk=pk)
    hidden = request.POST.get("hidden") == "1"
    sheet.set_hidden(hidden, user=request.user)
    messages.success(request, (_("“%(title)s” is hidden.") if hidden else
                               _("“%(title)s” is shown again.")) % {"title": sheet.title})
    return redirect(request.POST.get("next") if str(request.POST.get("next", "")).startswith(
        "/admin/") else "practice_federation_admin:sheets")
