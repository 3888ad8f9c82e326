"""Organisers' views in the Wagtail admin: sign-ups per offering, participants,
exports, messages, attendance, cancelling a date.

Every view checks ``bookings.manage_bookings`` itself (Editors and Moderators
have it): the menu hides links, but only this check protects the data.
"""


from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.log_actions import log

from core.exports import log_personal_data_export, spreadsheet_response

from . import rules, services
from .forms import MessageForm
from .models import BookingStatus, Offering

PERMISSION = "bookings.manage_bookings"


def require_permission(user):
    if not user.has_perm(PERMISSION):
        raise PermissionDenied


class CancelOfferingForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Message to the participants"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Sent with the cancellation notice (a reason, other dates)."))
    confirm = forms.BooleanField(label=gettext_lazy("Yes, cancel this date and notify everyone"))


def _counts_filter(status):
    return Count("bookings", filter=Q(bookings__status=status))


def offering_list(request):
    require_permission(request.user)
    show_past = request.GET.get("passees") == "1"
    now = timezone.now()
    offerings = Offering.objects.with_seats_taken().annotate(
        confirmed=_counts_filter(BookingStatus.CONFIRMED),
        waitlisted=_counts_filter(BookingStatus.WAITLISTED),
        offered=_counts_filter(BookingStatus.OFFERED),
        cancelled=_counts_filter(BookingStatus.CANCELLED))
    offerings = (offerings.filter(ends_at__lt=now).order_by("-starts_at") if show_past
                 else offerings.filter(ends_at__gte=now).order_by("starts_at"))
    return TemplateResponse(request, "bookings/admin/offering_list.html", {
        "offerings": offerings[:200], "show_past": show_past})


def offering_detail(request, offering_id):
    require_permission(request.user)
    offering = get_object_or_404(Offering, pk=offering_id)
    message_form = MessageForm(prefix="message")
    cancel_form = CancelOfferingForm(prefix="cancel")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "attendance":
            booking = get_object_or_404(offering.bookings, pk=request.POST.get("booking"))
            try:
                services.mark_attendance(booking, request.POST.get("present") == "1")
            except services.BookingError as error:
                messages.error(request, error.message)
            return redirect("bookings_admin_offering", offering.pk)
        if action == "message":
            message_form = MessageForm(request.POST, prefix="message")
            if message_form.is_valid():
                count = services.message_participants(offering, **message_form.cleaned_data)
                log(instance=offering, action="bookings.message", user=request.user,
                    data={"recipients": count, "subject": message_form.cleaned_data["subject"]})
                messages.success(request, ngettext("Message sent to %(count)d participant.",
                                                   "Message sent to %(count)d participants.",
                                                   count) % {"count": count})
                return redirect("bookings_admin_offering", offering.pk)
        if action == "cancel":
            cancel_form = CancelOfferingForm(request.POST, prefix="cancel")
            if cancel_form.is_valid() and not offering.is_cancelled:
                services.cancel_offering(offering, cancel_form.cleaned_data["message"])
                log(instance=offering, action="bookings.cancel_offering", user=request.user)
                messages.success(request, _("The date is cancelled; every participant is "
                                            "being notified."))
                return redirect("bookings_admin_offering", offering.pk)
    counts = offering.status_counts()
    return TemplateResponse(request, "bookings/admin/offering_detail.html", {
        "offering": offering, "counts": counts, "seats_taken": offering.seats_taken(),
        "bookings": offering.bookings.filter(erased_at__isnull=True).order_by("status",
                                                                              "created_at"),
        "message_form": message_form, "cancel_form": cancel_form,
        "attendance_open": rules.attendance_is_open(offering),
        "attendance_opens_at": rules.attendance_opens_at(offering)},
        status=400 if (message_form.errors or cancel_form.errors) else 200)


EXPORT_COLUMNS = [
    ("status", gettext_lazy("Status")), ("name", gettext_lazy("Name")),
    ("email", gettext_lazy("Email")), ("phone", gettext_lazy("Phone")),
    ("party_size", gettext_lazy("People")), ("minors", gettext_lazy("Minors")),
    ("guardian_name", gettext_lazy("Accompanying adult")),
    ("accessibility_needs", gettext_lazy("Accessibility needs")),
    ("created_at", gettext_lazy("Signed up at")),
]


def _export_rows(offering):
    for booking in offering.bookings.filter(erased_at__isnull=True).exclude(
            status=BookingStatus.PENDING).order_by("status", "name"):
        yield [booking.get_status_display() if field == "status" else getattr(booking, field)
               for field, _label in EXPORT_COLUMNS]


def offering_export(request, offering_id, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    require_permission(request.user)
    offering = get_object_or_404(Offering, pk=offering_id)
    rows = list(_export_rows(offering))
    filename = f"participants-{offering.pk}-{timezone.localtime(offering.starts_at):%Y%m%d}"
    response = spreadsheet_response(filename, [label for _field, label in EXPORT_COLUMNS],
                                    rows, fmt, title=_("Participants"))
    log_personal_data_export(request.user, offering, fmt, len(rows))
    return response
