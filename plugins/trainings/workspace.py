"""Trainer workspace: a trainer sees and runs only the sessions they lead."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods
from wagtail.documents import get_document_model

from core.bookings import rules
from core.bookings import services as bookings
from core.bookings.forms import MessageForm
from core.bookings.models import Booking
from core.exports import log_personal_data_export, spreadsheet_response

from . import services
from .forms import MaterialForm
from .models import SessionMaterial


def trainer_required(view):
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("accounts:login"))
        if not services.is_trainer(request.user):
            raise PermissionDenied(_("This workspace is for trainers."))
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _own_session(user, session_id):
    # Another trainer's session is answered exactly like a missing one.
    session = (services.sessions_led_by(user).filter(pk=session_id)
               .prefetch_related("parts").first())
    if session is None or session.offering_id is None:
        raise Http404
    return session


@trainer_required
@require_http_methods(["GET"])
def workspace(request):
    now = timezone.now()
    sessions = list(services.sessions_led_by(request.user).prefetch_related("parts"))
    return TemplateResponse(request, "trainings/workspace/index.html", {
        "upcoming": [s for s in sessions if s.offering.ends_at >= now][::-1],
        "past": [s for s in sessions if s.offering.ends_at < now]})


def _session_context(session, **extra):
    registrants = list(services.registrants(session))
    context = {"session": session, "parts": session.sorted_parts(),
               "registrants": registrants,
               "markable": [b for b in registrants if b.can_be_marked],
               "attendance_open": rules.attendance_is_open(session.offering),
               "attendance_opens_at": rules.attendance_opens_at(session.offering),
               "sheet": services.attendance_sheet(session),
               "feedback": services.feedback_summary(session),
               "materials": SessionMaterial.objects.filter(session=session)
               .select_related("document"),
               "message_form": MessageForm(), "material_form": MaterialForm(),
               "counts": session.offering.status_counts()}
    context.update(extra)
    return context


@trainer_required
@require_http_methods(["GET"])
def session_detail(request, session_id):
    session = _own_session(request.user, session_id)
    context = _session_context(session)
    rows = []
    for booking in context["markable"]:
        rows.append((booking, [(part, context["sheet"].get((part.pk, booking.pk)))
                               for part in context["parts"]]))
    context["rows"] = rows
    return TemplateResponse(request, "trainings/workspace/session.html", context)


@trainer_required
@require_http_methods(["POST"])
def mark_attendance(request, session_id, part_id):
    session = _own_session(request.user, session_id)
    part = next((p for p in session.sorted_parts() if p.pk == part_id), None)
    if part is None:
        raise Http404
    bookings_by_pk = {b.pk: b for b in Booking.objects.filter(
        offering_id=session.offering_id, status__in=rules.MARKABLE_STATUSES)}
    marked, errors = 0, set()
    for key, value in request.POST.items():
        if not key.startswith("booking-") or value not in ("present", "absent"):
            continue
        try:
            booking = bookings_by_pk[int(key.removeprefix("booking-"))]
        except (KeyError, ValueError):
            continue
        try:
            services.record_part_attendance(session, part, booking, value == "present",
                                            by=request.user)
            marked += 1
        except bookings.BookingError as error:
            errors.add(str(error.message))
    for error in errors:
        messages.error(request, error)
    if marked:
        messages.success(request, _("Attendance saved."))
    return HttpResponseRedirect(reverse("trainings:workspace_session", args=[session.pk]))


@trainer_required
@require_http_methods(["GET"])
def export_registrants(request, session_id):
    session = _own_session(request.user, session_id)
    parts = session.sorted_parts()
    sheet = services.attendance_sheet(session)
    labels = {True: _("present"), False: _("absent"), None: ""}
    rows = [[booking.name, booking.email, booking.phone, booking.get_status_display(),
             booking.accessibility_needs, booking.created_at,
             *[labels[sheet.get((part.pk, booking.pk))] for part in parts]]
            for booking in services.registrants(session)]
    header = [_("Name"), _("Email"), _("Phone"), _("Status"), _("Accessibility needs"),
              _("Signed up at"), *[str(part) for part in parts]]
    response = spreadsheet_response(f"inscrits-session-{session.pk}", header, rows, "csv")
    log_personal_data_export(request.user, session.offering, "csv", len(rows),
                             session=session.pk)
    return response


@trainer_required
@require_http_methods(["POST"])
def message_participants(request, session_id):
    session = _own_session(request.user, session_id)
    form = MessageForm(request.POST)
    if not form.is_valid():
        context = _session_context(session, message_form=form)
        context["rows"] = []
        return TemplateResponse(request, "trainings/workspace/session.html", context,
                                status=400)
    count = bookings.message_participants(session.offering, form.cleaned_data["subject"],
                                          form.cleaned_data["body"])
    messages.success(request, ngettext("Your message is queued for %(count)d participant.",
                                       "Your message is queued for %(count)d participants.",
                                       count) % {"count": count})
    return HttpResponseRedirect(reverse("trainings:workspace_session", args=[session.pk]))


@trainer_required
@require_http_methods(["GET"])
def download_material(request, session_id, material_id):
    """A document of one of the trainer's own sessions."""
    from django.http import FileResponse

    session = _own_session(request.user, session_id)
    material = (SessionMaterial.objects.filter(session=session, pk=material_id)
                .select_related("document").first())
    if material is None:
        raise Http404
    response = FileResponse(material.document.file.open("rb"), as_attachment=True,
                            filename=material.document.filename)
    response["Cache-Control"] = "private, no-store"
    return response


@trainer_required
@require_http_methods(["POST"])
def add_material(request, session_id):
    session = _own_session(request.user, session_id)
    form = MaterialForm(request.POST, request.FILES)
    if not form.is_valid():
        context = _session_context(session, material_form=form)
        context["rows"] = []
        return TemplateResponse(request, "trainings/workspace/session.html", context,
                                status=400)
    document = get_document_model().objects.create(
        title=form.cleaned_data["title"], file=form.cleaned_data["file"],
        uploaded_by_user=request.user, collection=services.materials_collection())
    SessionMaterial.objects.create(session=session, document=document)
    messages.success(request, _("The document is available to the participants."))
    return HttpResponseRedirect(reverse("trainings:workspace_session", args=[session.pk]))


