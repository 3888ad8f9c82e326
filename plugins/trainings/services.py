"""Use cases of trainings, built on the sign-up engine's public functions.

Sign-ups, waitlists, offers and reminders are the engine's (core.bookings);
this module adds what only trainings need: who may join an agents-only
session, attendance per part, learning-path completion and certificates.
"""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.accounts.models import EDITORS_GROUP, MODERATORS_GROUP, in_group, is_professional
from core.bookings import services as bookings
from core.bookings.models import Booking, BookingStatus

from .models import (
    TRAINERS_GROUP,
    Certificate,
    CertificateKind,
    LearningPathPage,
    PartAttendance,
    PathModule,
    SessionMaterial,
    TrainingSession,
)

# Statuses a trainer sees in the list of registrants (pending ones have not
# confirmed their address yet: they are nobody's registrant so far).
REGISTRANT_STATUSES = [BookingStatus.CONFIRMED, BookingStatus.ATTENDED, BookingStatus.NO_SHOW,
                       BookingStatus.WAITLISTED, BookingStatus.OFFERED]


def is_trainer(user) -> bool:
    return in_group(user, TRAINERS_GROUP)


def may_join(session, user) -> bool:
    """Agents-only sessions are for signed-in professionals; the others for anyone."""
    return not session.agents_only or is_professional(user)


def session_of(booking) -> TrainingSession | None:
    return TrainingSession.objects.filter(offering_id=booking.offering_id).first()


def sees_online_link(booking) -> bool:
    return booking.status in (BookingStatus.CONFIRMED, BookingStatus.ATTENDED)


# --- trainers ----------------------------------------------------------------------


def sessions_editable_by(user):
    """Sessions a user may see and change in the admin: every one for those who assign
    trainers (editors, moderators), a trainer's own for a trainer."""
    from .models import ASSIGN_TRAINERS

    if user.has_perm(ASSIGN_TRAINERS):
        return TrainingSession.objects.all()
    return TrainingSession.objects.led_by(user)


def sessions_led_by(user):
    return (TrainingSession.objects.led_by(user).select_related("offering", "module")
            .order_by("-offering__starts_at"))


def registrants(session):
    return (Booking.objects.filter(offering_id=session.offering_id,
                                   status__in=REGISTRANT_STATUSES, erased_at__isnull=True)
            .order_by("name", "pk"))


def record_part_attendance(session, part, booking, present: bool, by=None, now=None):
    """Mark one person present or absent at one part, and the booking as a whole.

    A booking counts as attended once the person was present at any part; the
    attestation then lists the parts actually attended. The engine's
    mark_attendance sets the booking-level status (and its event).
    """
    now = now or timezone.now()
    if part.session_id != session.pk or booking.offering_id != session.offering_id:
        raise bookings.NotAllowed(_("This person is not registered for this session."))
    with transaction.atomic():
        booking = bookings.mark_attendance(booking, attended=present or attended_any(
            booking, exclude_part=part), now=now)
        PartAttendance.objects.update_or_create(
            part=part, booking=booking,
            defaults={"present": present, "marked_at": now, "marked_by": by})
    return booking


def attended_any(booking, exclude_part=None) -> bool:
    attendances = PartAttendance.objects.filter(booking=booking, present=True)
    if exclude_part is not None:
        attendances = attendances.exclude(part=exclude_part)
    return attendances.exists()


def attendance_sheet(session):
    """{(part_id, booking_id): present} for the session's recorded attendances."""
    return {(a.part_id, a.booking_id): a.present
            for a in PartAttendance.objects.filter(part__session=session)}


def feedback_summary(session) -> dict:
    rated = Booking.objects.filter(offering_id=session.offering_id,
                                   feedback_rating__isnull=False)
    ratings = list(rated.values_list("feedback_rating", flat=True))
    comments = [c for c in rated.exclude(feedback_comment="")
                .values_list("feedback_comment", flat=True)]
    return {"count": len(ratings),
            "average": round(sum(ratings) / len(ratings), 1) if ratings else None,
            "distribution": {n: ratings.count(n) for n in range(1, 6)},
            "comments": comments}


# --- documents for the participants -------------------------------------------------

MATERIALS_COLLECTION = "Documents des sessions de formation"
# Who may open them through Wagtail's document links. A session's trainers open them
# from their workspace, its participants from their own signed page: neither by a
# document address another trainer or anyone could use.
MATERIALS_READERS = [EDITORS_GROUP, MODERATORS_GROUP]


def materials_collection():
    """The private collection of session materials (made by a migration; rebuilt here if
    someone deleted it): out of the public API, served only to the groups above."""
    from django.contrib.auth.models import Group
    from wagtail.models import Collection, CollectionViewRestriction

    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=MATERIALS_COLLECTION).first()
    if collection is None:
        collection = root.add_child(name=MATERIALS_COLLECTION)
    if not CollectionViewRestriction.objects.filter(collection=collection).exists():
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS)
        restriction.groups.set(Group.objects.filter(name__in=MATERIALS_READERS))
    return collection


def material_for(booking, session, material_id):
    """A document of the session, for one of its confirmed participants, or None."""
    if not sees_online_link(booking):
        return None
    return (SessionMaterial.objects.filter(session=session, pk=material_id)
            .select_related("document").first())


# --- learning paths ----------------------------------------------------------------


def attended_module_ids(email) -> set[int]:
    email = bookings.normalise_email(email)
    return set(TrainingSession.objects.filter(
        offering__bookings__email=email,
        offering__bookings__status=BookingStatus.ATTENDED).values_list("module_id", flat=True))


def path_progress(path, email) -> dict:
    """Which modules of ``path`` the person attended, and whether the rule is met."""
    done = attended_module_ids(email)
    steps = list(PathModule.objects.filter(path=path).select_related("module")
                 .order_by("sort_order"))
    required = [step for step in steps if step.required]
    optional = [step for step in steps if not step.required]
    required_done = [step for step in required if step.module_id in done]
    optional_done = [step for step in optional if step.module_id in done]
    complete = (bool(steps) and len(required_done) == len(required)
                and len(optional_done) >= path.optional_modules_required)
    return {"steps": steps, "done": done, "required_done": len(required_done),
            "required_total": len(required), "optional_done": len(optional_done),
            "optional_needed": path.optional_modules_required, "complete": complete}


def paths_containing(module_id):
    return LearningPathPage.objects.live().filter(path_modules__module_id=module_id).distinct()


# --- certificates ------------------------------------------------------------------


def new_code() -> str:
    # 20 random bytes: unguessable, and short enough to type from a printed page.
    return secrets.token_hex(10).upper()


def format_dates(session) -> str:
    parts = session.sorted_parts()
    return ", ".join(f"{timezone.localtime(p.starts_at):%d/%m/%Y %H:%M}–"
                     f"{timezone.localtime(p.ends_at):%H:%M}" for p in parts)


def attended_parts(booking, session):
    present = set(PartAttendance.objects.filter(booking=booking, present=True)
                  .values_list("part_id", flat=True))
    parts = session.sorted_parts()
    return [p for p in parts if p.pk in present] if present else parts


def _minutes(parts) -> int:
    return sum(int((p.ends_at - p.starts_at).total_seconds() // 60) for p in parts)


def trainer_names(session) -> str:
    """The session's trainers as the certificate names them (full names, never emails)."""
    names = [user.get_full_name().strip() for user in session.trainers.all()]
    return ", ".join(sorted(name for name in names if name))


def issuer_name() -> str:
    from core.pdf import site_branding

    return site_branding().site_name


def issue_attendance_certificate(booking) -> Certificate | None:
    """The attestation of a person marked present at a session; idempotent."""
    from .certificates import render_certificate_pdf

    booking = Booking.objects.select_related("offering").get(pk=booking.pk)
    session = session_of(booking)
    if session is None or booking.status != BookingStatus.ATTENDED or booking.erased_at:
        return None
    existing = Certificate.objects.filter(booking=booking).first()
    if existing is not None:
        return existing
    parts = attended_parts(booking, session)
    dates = ", ".join(f"{timezone.localtime(p.starts_at):%d/%m/%Y %H:%M}–"
                      f"{timezone.localtime(p.ends_at):%H:%M}" for p in parts)
    certificate = Certificate(kind=CertificateKind.ATTENDANCE, code=new_code(),
                              holder_name=booking.name, holder_email=booking.email,
                              training_title=session.module.title, training_dates=dates,
                              issuer_name=issuer_name(), trainer_names=trainer_names(session),
                              duration_minutes=_minutes(parts) or None,
                              booking=booking, session=session)
    certificate.pdf = render_certificate_pdf(certificate, language=booking.language)
    try:
        with transaction.atomic():
            certificate.save()
    except IntegrityError:  # issued meanwhile by another worker
        return Certificate.objects.get(booking=booking)
    return certificate


def issue_completion_certificate(path, email, name, language="fr") -> Certificate | None:
    """The certificate of a completed learning path; idempotent, None if not complete."""
    from .certificates import render_certificate_pdf

    email = bookings.normalise_email(email)
    existing = Certificate.objects.filter(kind=CertificateKind.COMPLETION, path=path,
                                          holder_email=email).first()
    if existing is not None:
        return existing
    if not path_progress(path, email)["complete"]:
        return None
    certificate = Certificate(kind=CertificateKind.COMPLETION, code=new_code(),
                              holder_name=name, holder_email=email, training_title=path.title,
                              training_dates=f"{timezone.localdate():%d/%m/%Y}", path=path,
                              issuer_name=issuer_name(),
                              duration_minutes=_path_minutes(path, email) or None)
    certificate.pdf = render_certificate_pdf(certificate, language=language)
    try:
        with transaction.atomic():
            certificate.save()
    except IntegrityError:
        return Certificate.objects.get(kind=CertificateKind.COMPLETION, path=path,
                                       holder_email=email)
    return certificate


def _path_minutes(path, email) -> int:
    """What the person attended of the path: the duration of each module attended."""
    progress = path_progress(path, email)
    return sum(step.module.duration_minutes for step in progress["steps"]
               if step.module_id in progress["done"])


def revoke_certificate(certificate, reason="", now=None) -> Certificate:
    if certificate.revoked_at is None:
        certificate.revoked_at = now or timezone.now()
        certificate.revocation_reason = reason.strip()
        certificate.save(update_fields=["revoked_at", "revocation_reason"])
    return certificate


def certificates_of(email):
    return Certificate.objects.filter(holder_email=bookings.normalise_email(email))


def verify(code):
    """The certificate a code names, or None; the code is compared exactly."""
    code = (code or "").strip().upper()
    if not code or len(code) > 40:
        return None
    return Certificate.objects.filter(code=code).first()


def issue_certificates_for_attendance(booking) -> Certificate | None:
    """The attestation of an attended booking, then any learning path it completes.

    Runs when the booking_attended event is delivered (by the outbox, on a
    worker); idempotent, so a retried delivery issues and emails nothing twice.
    """
    from django.urls import reverse

    from core.links import absolute_url
    from core.notifications import send_email_on_commit

    certificate = issue_attendance_certificate(booking)
    if certificate is None or certificate.kind != CertificateKind.ATTENDANCE:
        return certificate
    page_url = absolute_url(reverse("trainings:my_booking",
                                    args=[bookings.manage_token(booking)]))
    send_email_on_commit("trainings/emails/certificate", [booking.email],
                         {"name": booking.name, "title": certificate.training_title,
                          "code": certificate.code, "url": page_url},
                         language=booking.language,
                         key=f"trainings:certificate-email:{certificate.pk}")
    if certificate.session_id:
        for path in paths_containing(certificate.session.module_id):
            issue_completion_certificate(path, booking.email, booking.name, booking.language)
    return certificate
