"""Resident pages reached from email links: confirm, manage, accept an offer, give
feedback, see or erase one's data. No account: every link carries a signed,
expiring token; GET pages only show a button, so mail scanners change nothing."""


from django.contrib import messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.tokens import link_view

from . import services
from .forms import FeedbackForm
from .models import BookingStatus


def manage_redirect(booking):
    return HttpResponseRedirect(reverse("bookings:manage",
                                        args=[services.manage_token(booking)]))


@require_http_methods(["GET", "POST"])
@link_view()
def confirm(request, token):
    booking = services.booking_from_token(services.CONFIRM_PURPOSE, token)
    if request.method == "GET" and booking.status == BookingStatus.PENDING:
        return TemplateResponse(request, "bookings/confirm.html", {
            "booking": booking, "token": token,
            "joins_waitlist": booking.offering.is_full_for(booking.party_size)})
    if booking.status == BookingStatus.PENDING:
        try:
            booking = services.confirm(booking)
        except services.BookingError as error:
            messages.error(request, error.message)
            return manage_redirect(booking)
        if booking.status == BookingStatus.CONFIRMED:
            messages.success(request, _("Your booking is confirmed. We have emailed you the "
                                        "details and a calendar file."))
        else:
            messages.info(request, _("This date is full: you are on the waiting list. We "
                                     "will email you if seats become free."))
    else:
        messages.info(request, _("This sign-up was already confirmed."))
    return manage_redirect(booking)


def sign_up_again_url(booking) -> str:
    """Where someone who cancelled can sign up again, while the date takes sign-ups."""
    offering = booking.offering
    if booking.status != BookingStatus.CANCELLED or not offering.is_open_for_registration():
        return ""
    return getattr(offering.owner, "sign_up_url", "") or ""


@require_http_methods(["GET"])
@link_view()
def manage(request, token):
    booking = services.booking_from_token(services.MANAGE_PURPOSE, token)
    return TemplateResponse(request, "bookings/manage.html", {
        "booking": booking, "offering": booking.offering, "token": token,
        "sign_up_again_url": sign_up_again_url(booking),
        "feedback_form": FeedbackForm() if booking.can_give_feedback else None})


@require_http_methods(["GET", "POST"])
@link_view()
def cancel(request, token):
    """GET asks "are you sure?" (and changes nothing, for mail scanners); POST cancels."""
    booking = services.booking_from_token(services.MANAGE_PURPOSE, token)
    if request.method == "GET" and booking.can_be_cancelled:
        return TemplateResponse(request, "bookings/cancel.html", {
            "booking": booking, "offering": booking.offering, "token": token})
    if request.method == "GET":
        return HttpResponseRedirect(reverse("bookings:manage", args=[token]))
    if booking.status == BookingStatus.CANCELLED:
        messages.info(request, _("This booking was already cancelled."))
        return HttpResponseRedirect(reverse("bookings:manage", args=[token]))
    try:
        booking = services.cancel(booking)
    except services.BookingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your booking is cancelled. Thank you for letting us "
                                    "know."))
    return HttpResponseRedirect(reverse("bookings:manage", args=[token]))


@require_http_methods(["POST"])
@link_view()
def accept_offer(request, token):
    booking = services.booking_from_token(services.MANAGE_PURPOSE, token)
    try:
        booking = services.accept_offer(booking)
    except services.BookingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You have accepted the seats: your booking is "
                                    "confirmed."))
    return HttpResponseRedirect(reverse("bookings:manage", args=[token]))


@require_http_methods(["POST"])
@link_view()
def feedback(request, token):
    booking = services.booking_from_token(services.MANAGE_PURPOSE, token)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return TemplateResponse(request, "bookings/manage.html", {
            "booking": booking, "offering": booking.offering, "token": token,
            "feedback_form": form}, status=400)
    try:
        services.record_feedback(booking, form.cleaned_data["rating"],
                                 form.cleaned_data["comment"])
    except services.BookingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Thank you for your feedback!"))
    return HttpResponseRedirect(reverse("bookings:manage", args=[token]))
