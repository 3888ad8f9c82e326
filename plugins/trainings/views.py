"""Public pages of trainings: sign-up, the person's own page, verification, calendars."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core import ratelimit
from core.bookings import conf, ics
from core.bookings import services as bookings
from core.tokens import TokenError

from . import services
from .forms import SessionBookingForm
from .models import SessionMaterial, TrainingSession

LOGIN_URL = "accounts:login"


def _session(session_id):
    session = get_object_or_404(TrainingSession.objects.select_related("offering", "module"),
                                pk=session_id)
    if not session.module.live or session.offering_id is None:
        raise Http404
    return session


def _render_sign_up(request, context, status=200):
    return TemplateResponse(request, "trainings/sign_up.html", context, status=status)


@require_http_methods(["GET", "POST"])
def sign_up(request, session_id):
    session = _session(session_id)
    if not services.may_join(session, request.user):
        # Checked on the server for GET and POST alike: hiding a button is not a rule.
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse(LOGIN_URL))
        raise PermissionDenied(_("This session is reserved for agents with a professional "
                                 "account."))
    offering, module = session.offering, session.module
    user = request.user if request.user.is_authenticated else None
    initial = {"name": user.get_full_name(), "email": user.email} if user else {}
    form = SessionBookingForm(request.POST or None, initial=initial)
    context = {"page": module, "session": session, "form": form,
               "open": offering.is_open_for_registration(),
               "retention_days": conf.get("ESSAIM_BOOKINGS_RETENTION_DAYS"),
               "consent_version": conf.get("ESSAIM_BOOKINGS_CONSENT_VERSION")}
    if request.method == "GET":
        return _render_sign_up(request, context)
    if not ratelimit.allow(request, request.POST.get("email")):
        return TemplateResponse(request, "bookings/rate_limited.html", {"page": module},
                                status=429)
    if not form.is_valid():
        return _render_sign_up(request, context, status=400)
    if not form.is_spam():
        data = form.cleaned_data
        email = user.email if (session.agents_only and user) else data["email"]
        try:
            bookings.book(offering, name=data["name"], email=email, phone=data["phone"],
                          party_size=1, accessibility_needs=data["accessibility_needs"],
                          consent=data["consent"],
                          consent_text_version=context["consent_version"],
                          language=translation.get_language() or "fr")
        except bookings.AlreadyBooked as error:
            if error.booking is not None:
                bookings.resend_links(error.booking)
        except bookings.BookingError as error:
            form.add_error(None, error.message)
            return _render_sign_up(request, context, status=400)
    messages.success(request, _("Almost done! We have emailed you a link: open it to confirm "
                                "your sign-up."))
    return HttpResponseRedirect(module.url)


def session_calendar(request, session_id):
    session = _session(session_id)
    return ics.calendar_response(ics.calendar_for([session.offering]),
                              f"formation-{session.pk}.ics")


def calendar_feed(request):
    sessions = TrainingSession.objects.upcoming()[:500]
    return ics.calendar_response(ics.calendar_for([s.offering for s in sessions],
                                               name=_("Trainings")), "formations.ics")


# --- the person's own page, reached through the engine's signed management link ----


def _booking_from_token(token):
    booking = bookings.booking_from_token(bookings.MANAGE_PURPOSE, token)
    session = services.session_of(booking)
    if session is None:
        raise Http404
    return booking, session


def _pdf_response(certificate):
    response = HttpResponse(bytes(certificate.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="attestation-{certificate.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def _own_page_context(booking, session):
    confirmed = services.sees_online_link(booking)
    return {
        "booking": booking, "session": session, "module": session.module,
        "offering": booking.offering,
        "online_link": session.online_link if confirmed else "",
        "materials": (SessionMaterial.objects.filter(session=session).select_related("document")
                      if confirmed else []),
        "certificates": services.certificates_of(booking.email).filter(revoked_at__isnull=True),
    }


@require_http_methods(["GET"])
def my_booking(request, token):
    try:
        booking, session = _booking_from_token(token)
    except TokenError as error:
        from core.bookings.views import link_error

        return link_error(request, error)
    context = _own_page_context(booking, session)
    context.update({"token": token, "manage_url": reverse("bookings:manage", args=[token])})
    return TemplateResponse(request, "trainings/my_booking.html", context)


@require_http_methods(["GET"])
def my_booking_material(request, token, material_id):
    """A session document, for that session's confirmed participants only."""
    from django.http import FileResponse

    try:
        booking, session = _booking_from_token(token)
    except TokenError as error:
        from core.bookings.views import link_error

        return link_error(request, error)
    material = services.material_for(booking, session, material_id)
    if material is None:
        raise Http404
    document = material.document
    response = FileResponse(document.file.open("rb"), as_attachment=True,
                            filename=document.filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET"])
def my_booking_certificate(request, token, code):
    try:
        booking, _session_unused = _booking_from_token(token)
    except TokenError as error:
        from core.bookings.views import link_error

        return link_error(request, error)
    certificate = get_object_or_404(services.certificates_of(booking.email),
                                    code=code, revoked_at__isnull=True)
    return _pdf_response(certificate)


# --- professionals: their account's trainings ---------------------------------------


def _login_required(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse(LOGIN_URL))
    return None


@require_http_methods(["GET"])
def my_trainings(request):
    redirect = _login_required(request)
    if redirect:
        return redirect
    email = request.user.email
    booked = [(b, services.session_of(b)) for b in bookings.bookings_of(email)]
    return TemplateResponse(request, "trainings/my_trainings.html", {
        "entries": [(b, s, s.online_link if services.sees_online_link(b) else "")
                    for b, s in booked if s is not None],
        "certificates": services.certificates_of(email).filter(revoked_at__isnull=True),
    })


@require_http_methods(["GET"])
def my_certificate(request, code):
    redirect = _login_required(request)
    if redirect:
        return redirect
    certificate = get_object_or_404(services.certificates_of(request.user.email), code=code,
                                    revoked_at__isnull=True)
    return _pdf_response(certificate)


# --- anyone: is this certificate genuine? ----------------------------------------------


@require_http_methods(["GET"])
def verify_certificate(request, code):
    certificate = services.verify(code)
    if certificate is None:
        state = "unknown"
    elif certificate.is_revoked:
        state = "revoked"
    else:
        state = "valid"
    response = TemplateResponse(request, "trainings/verify.html",
                                {"state": state, "certificate": certificate,
                                 "code": code[:40]},
                                status=404 if state == "unknown" else 200)
    response["X-Robots-Tag"] = "noindex"
    return response


