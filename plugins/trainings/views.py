"""Public pages of trainings: sign-up, the person's own page, verification, calendars."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core import ratelimit
from core.bookings import services as bookings
from core.bookings.signup import SignUpView
from core.tokens import link_view

from . import services
from .forms import CertificateCheckForm, SessionBookingForm
from .models import SessionMaterial, TrainingSession

LOGIN_URL = "accounts:login"


class SessionSignUpView(SignUpView):
    """The kit's sign-up, with one seat per person; agents-only sessions need a signed-in
    professional, whose account's email is used."""

    model = TrainingSession
    form_class = SessionBookingForm

    def may_sign_up(self, request, session):
        if services.may_join(session, request.user):
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse(LOGIN_URL))
        raise PermissionDenied(_("This session is reserved for agents with a professional "
                                 "account."))

    def booking_values(self, request, session, form):
        values = super().booking_values(request, session, form)
        if session.agents_only:
            values["email"] = request.user.email
        return values


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
@link_view()
def my_booking(request, token):
    booking, session = _booking_from_token(token)
    context = _own_page_context(booking, session)
    context.update({"token": token, "manage_url": reverse("bookings:manage", args=[token])})
    return TemplateResponse(request, "trainings/my_booking.html", context)


@require_http_methods(["GET"])
@link_view()
def my_booking_material(request, token, material_id):
    """A session document, for that session's confirmed participants only."""
    from django.http import FileResponse

    booking, session = _booking_from_token(token)
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
@link_view()
def my_booking_certificate(request, token, code):
    booking, _session_unused = _booking_from_token(token)
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


def _certificate_check(request, code):
    """The verification page, with its form, and the result for ``code`` if one was typed
    or followed (the link and QR code of the document)."""
    form = CertificateCheckForm({"code": code} if code is not None else None)
    context = {"form": form, "state": None, "certificate": None}
    status = 200
    if code is not None:
        if not ratelimit.allow(request, scope="certificate-check"):
            context["state"], status = "rate_limited", 429
        elif form.is_valid():
            certificate = services.verify(form.cleaned_data["code"])
            context["certificate"] = certificate
            if certificate is None:
                context["state"], status = "unknown", 404
            else:
                context["state"] = "revoked" if certificate.is_revoked else "valid"
        else:
            status = 400
    response = TemplateResponse(request, "trainings/verify.html", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET"])
def check_certificate(request):
    """/attestations/: anyone types a code and learns whether the certificate is genuine."""
    return _certificate_check(request, request.GET.get("code"))


@require_http_methods(["GET"])
def verify_certificate(request, code):
    return _certificate_check(request, code)
