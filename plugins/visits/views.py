"""Sign-up form of a visit date, and calendar files."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core import ratelimit
from core.bookings import conf, ics, services
from core.bookings.forms import BookingForm

from .models import VisitSlot


def _slot(slot_id):
    slot = get_object_or_404(VisitSlot.objects.with_seats().select_related("page"), pk=slot_id)
    if not slot.page.live:
        raise Http404
    return slot


@require_http_methods(["GET", "POST"])
def sign_up(request, slot_id):
    slot = _slot(slot_id)
    page, offering = slot.page, slot.offering
    form_kwargs = {"max_party_size": min(page.max_party_size, offering.max_party_size),
                   "minimum_age": page.minimum_age}
    form = BookingForm(request.POST or None, **form_kwargs)
    context = {"page": page, "slot": slot, "form": form,
               "open": offering.is_open_for_registration(),
               "retention_days": conf.get("ESSAIM_BOOKINGS_RETENTION_DAYS"),
               "consent_version": conf.get("ESSAIM_BOOKINGS_CONSENT_VERSION")}
    if request.method == "GET":
        return TemplateResponse(request, "visits/sign_up.html", context)
    if not ratelimit.allow(request, request.POST.get("email")):
        return TemplateResponse(request, "bookings/rate_limited.html", {"page": page},
                                status=429)
    if not form.is_valid():
        return TemplateResponse(request, "visits/sign_up.html", context, status=400)
    if not form.is_spam():
        data = form.cleaned_data
        try:
            services.book(offering, name=data["name"], email=data["email"],
                          phone=data["phone"], party_size=data["party_size"],
                          minors=data.get("minors") or 0,
                          guardian_name=data.get("guardian_name") or "",
                          accessibility_needs=data["accessibility_needs"],
                          consent=data["consent"], consent_text_version=context["consent_version"],
                          language=translation.get_language() or "fr")
        except services.AlreadyBooked as error:
            if error.booking is not None:
                services.resend_links(error.booking)
        except services.BookingError as error:
            form.add_error(None, error.message)
            return TemplateResponse(request, "visits/sign_up.html", context, status=400)
    # The same answer for a new, a repeated or a robot's sign-up: it reveals nothing.
    messages.success(request, _("Almost done! We have emailed you a link: open it to confirm "
                                "your sign-up."))
    return HttpResponseRedirect(page.url)


def slot_calendar(request, slot_id):
    slot = _slot(slot_id)
    return ics.calendar_response(ics.calendar_for([slot.offering]), f"visite-{slot.pk}.ics")


def calendar_feed(request):
    slots = VisitSlot.objects.upcoming().select_related("offering")[:500]
    return ics.calendar_response(ics.calendar_for([slot.offering for slot in slots],
                                               name=_("Civic visits")), "visites.ics")
