"""The permission matrix's machinery: every URL of the site, the roles, the objects each
URL is tried on, and what an answer means (allowed, sent to log in, refused)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

ROLES = ["anonymous", "resident", "professional", "trainer_a", "trainer_b", "moderator",
         "editor", "superuser"]
LOGIN_PATHS = ("/compte/connexion/", "/admin/login/", "/_util/login/")


def url_patterns():
    """(route, name) of every URL pattern, namespaced names, in the resolver's order."""

    def walk(patterns, prefix="", namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace \
                        else pattern.namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                name = pattern.name or ""
                if namespace and name:
                    name = f"{namespace}:{name}"
                yield prefix + str(pattern.pattern), name or prefix + str(pattern.pattern)

    return list(walk(get_resolver().url_patterns))


def outcome(response) -> str:
    if response.status_code in (301, 302, 303):
        location = urlsplit(response.get("Location", "")).path
        if location in LOGIN_PATHS:
            return "login"
        # Wagtail answers a refused admin request by sending to the dashboard.
        return "refused" if location == "/admin/" else "ok"
    if response.status_code < 300:
        return "ok"
    if response.status_code >= 500:
        return "error"
    return "refused"  # 400, 403, 404, 405, 410, 429


@dataclass
class World:
    users: dict
    tokens: dict
    objects: dict
    sessions: dict = field(default_factory=dict)

    def client(self, role):
        """A client of its own for each request, signed in as ``role``: one session per
        role, opened once (before any request, so no request's rollback takes it back)."""
        client = Client()
        user = self.users.get(role)
        if user is not None:
            if role not in self.sessions:
                client.force_login(user)
                self.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[role]
        return client


def build_world():
    from core.bookings import services as bookings
    from core.personal_data import request_link
    from plugins.charters.models import CharterPage, Endorsement
    from plugins.charters.services import endorsement_token
    from plugins.practice_library.models import PracticeSheetPage
    from plugins.trainings import services as trainings
    from plugins.trainings.models import (
        SessionMaterial,
        SessionPart,
        TrainingModulePage,
        TrainingSession,
    )
    from plugins.visits.models import VisitSlot

    User = get_user_model()

    def user(username, group=None, **fields):
        account = User.objects.create_user(username=username, email=username,
                                           password="Colibri-en-essaim-42", **fields)
        if group:
            account.groups.add(Group.objects.get(name=group))
        return account

    users = {
        "professional": user("pro@example.org", "Professionnels"),
        "trainer_a": user("formatrice.a@example.org", "Formateurs"),
        "trainer_b": user("formateur.b@example.org", "Formateurs"),
        "moderator": user("moderatrice@example.org", "Modérateurs", is_staff=True),
        "editor": user("editeur@example.org", "Éditeurs", is_staff=True),
        "superuser": User.objects.create_superuser("root@example.org", "root@example.org",
                                                   "Colibri-en-essaim-42"),
    }
    module = TrainingModulePage.objects.live().first()
    start = timezone.now() + timedelta(minutes=30)
    session = TrainingSession(module=module, capacity=10, place="Salle 1")
    session.parts = [SessionPart(starts_at=start, ends_at=start + timedelta(hours=2))]
    session.trainers = [users["trainer_a"]]
    session.save()
    resident = bookings.confirm(bookings.book(session.offering, name="Habitante",
                                              email="habitante@example.org", consent=True))
    trainings.record_part_attendance(session, session.sorted_parts()[0], resident, True)
    certificate = trainings.issue_attendance_certificate(resident)
    from wagtail.documents import get_document_model

    document = get_document_model().objects.create(
        title="Support", collection=trainings.materials_collection(),
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="support.pdf"))
    material = SessionMaterial.objects.create(session=session, document=document)
    public_document = get_document_model().objects.create(
        title="Public", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="public.pdf"))
    slot = VisitSlot.objects.upcoming().first()
    visit_booking = bookings.book(slot.offering, name="Habitante",
                                  email="habitante@example.org", consent=True)
    charter = CharterPage.objects.live().first()
    endorsement = Endorsement.objects.create(charter=charter, name="Habitante",
                                             email="habitante@example.org")
    sheet = PracticeSheetPage.objects.live().first()
    draft = PracticeSheetPage(title="Brouillon", slug="brouillon-matrice",
                              territory=sheet.territory, key_point_1="a", key_point_2="b",
                              key_point_3="c", owner=users["professional"], live=False)
    sheet.get_parent().add_child(instance=draft)
    draft.save_revision(user=users["professional"])
    pending = User.objects.create_user("nouvelle@example.org", "nouvelle@example.org",
                                       "Colibri-en-essaim-42", is_active=False)
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from core.accounts.tokens import verification_tokens

    uid = urlsafe_base64_encode(force_bytes(pending.pk))
    tokens = {
        "manage": bookings.manage_token(visit_booking),
        "confirm": bookings.confirm_token(visit_booking),
        "training": bookings.manage_token(resident),
        "my_data": request_link("habitante@example.org"),
        "endorsement": endorsement_token(endorsement),
        "verify": (uid, verification_tokens.make_token(pending)),
        "reset": (urlsafe_base64_encode(force_bytes(users["professional"].pk)),
                  default_token_generator.make_token(users["professional"])),
    }
    from plugins.practice_library.federation.models import RemoteSheet, Subscription

    remote = Subscription.objects.create(
        address="https://allonnes.example/federation/", origin="allonnes.example",
        name="Allonnes", outbox_url="https://allonnes.example/federation/outbox")
    received = {hidden: RemoteSheet.objects.create(
        subscription=remote, remote_id=f"https://allonnes.example/federation/fiches/{hidden}",
        url=f"https://allonnes.example/pratiques/{hidden}/", title="Reçue",
        licence="cc-by-sa-4.0", hidden=hidden, data={"key_points": ["a", "b", "c"]})
        for hidden in (False, True)}
    from django.apps import apps

    if apps.is_installed("essaim_journees_citoyennes"):  # the example plugin, when installed
        from core import kit

        day = kit.model("essaim_journees_citoyennes.VolunteerDayPage")(
            title="Journée", slug="journee-matrice", capacity=5,
            **kit.event_dates(days=3, hour=9, hours=2))
        sheet.get_parent().get_parent().add_child(instance=day)
        day.save_revision().publish()
    objects = {"remote_sheet": received[False], "hidden_remote_sheet": received[True],
               "sheet_key": sheet.translation_key,
               "session": session, "part": session.sorted_parts()[0], "slot": slot,
               "certificate": certificate, "material": material, "document": public_document,
               "private_document": document, "charter": charter, "sheet": sheet,
               "draft": draft, "module": module, "offering": slot.offering}
    return World(users=users, tokens=tokens, objects=objects)


def request(world, role, method, url, data=None):
    """One request as ``role``, its effects rolled back so the next starts afresh."""
    client = world.client(role)
    with transaction.atomic():
        response = getattr(client, method)(url, data or {})
        transaction.set_rollback(True)
    return response


_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def fill(route, values):
    """A concrete path for a route ("x/<int:pk>/…"), from ``values`` by parameter name."""
    path = _PARAM.sub(lambda m: str(values.get(m.group(2), "999999" if m.group(1) == "int"
                                                else "inconnu")), route)
    path = path.replace("^", "").replace("$", "")
    path = re.sub(r"\(\?P<\w+>[^)]*\)|\([^)]*\)", "1", path)
    return "/" + path
