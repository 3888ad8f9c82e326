"""A person known to every part of the site — a booking, a training attended with its
attestation, a charter endorsed, an account, the contact of a sheet — downloads
everything in one file, and after erasure nothing of them is left anywhere in the
database."""

import json
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone

from core import personal_data
from core.accounts.services import verify_email
from core.bookings import services as bookings
from plugins.charters.models import CharterPage, Endorsement
from plugins.practice_library.models import PracticeSheetPage
from plugins.trainings import services as trainings
from plugins.trainings.models import Certificate, SessionPart, TrainingModulePage, TrainingSession
from plugins.visits.models import VisitSlot

pytestmark = pytest.mark.django_db

EMAIL, NAME = "lea.personne@example.org", "Léa Personne-Unique"


@pytest.fixture
def everywhere(demo_site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = get_user_model().objects.create_user(
            username=EMAIL, email=EMAIL, password="Colibri-en-essaim-42",
            first_name="Léa", last_name="Personne-Unique")
        verify_email(user)
        slot = VisitSlot.objects.upcoming().first()
        bookings.confirm(bookings.book(slot.offering, name=NAME, email=EMAIL, consent=True,
                                       accessibility_needs="Fauteuil roulant"))
        module = TrainingModulePage.objects.live().first()
        start = timezone.now() + timedelta(minutes=20)
        session = TrainingSession(module=module, capacity=5, place="Salle 3")
        session.parts = [SessionPart(starts_at=start, ends_at=start + timedelta(hours=1))]
        session.save()
        booking = bookings.confirm(bookings.book(session.offering, name=NAME, email=EMAIL,
                                                 consent=True))
        trainings.record_part_attendance(session, session.sorted_parts()[0], booking, True)
        charter = CharterPage.objects.live().first()
        Endorsement.objects.create(charter=charter, name=NAME, email=EMAIL, show_name=True,
                                   confirmed_at=timezone.now())
        sheet = PracticeSheetPage.objects.live().first()
        sheet.contact_name, sheet.contact_email, sheet.contact_consent = NAME, EMAIL, True
        sheet.save_revision().publish()
    assert Certificate.objects.filter(holder_email=EMAIL).exists()


def rows_mentioning(*needles):
    """Every (model, pk, field) whose stored text holds one of ``needles``."""
    found = []
    for model in apps.get_models():
        text_fields = [f for f in model._meta.concrete_fields
                       if isinstance(f, models.CharField | models.TextField | models.JSONField)]
        if not text_fields:
            continue
        for row in model._default_manager.values("pk", *[f.attname for f in text_fields]):
            for field in text_fields:
                value = row[field.attname]
                text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) \
                    else value
                if any(needle.lower() in (text or "").lower() for needle in needles):
                    found.append((model._meta.label, row["pk"], field.name))
    return found


def test_one_file_holds_everything_and_erasure_leaves_nothing(client, everywhere):
    exported = personal_data.export_all(EMAIL)
    counts = {name: len(source["records"]) for name, source in exported["sources"].items()}
    assert counts["bookings"] == 2 and counts["account"] == 1
    assert counts["certificates"] == 1 and counts["endorsements"] == 1
    assert counts["sheet_contacts"] == 1
    json.dumps(exported, default=str)
    assert rows_mentioning(EMAIL, NAME)  # the site did hold them

    personal_data.erase_all(EMAIL)

    assert rows_mentioning(EMAIL, NAME, "Personne-Unique") == []
    certificate = Certificate.objects.get(code=exported["sources"]["certificates"]
                                          ["records"][0]["code"])
    assert certificate.is_revoked and certificate.holder_name == ""
    page = client.get(f"/attestations/{certificate.code}")
    assert "révoqu" in page.content.decode().lower()
    assert not personal_data.holds_data(EMAIL)


def test_the_personal_data_page_lists_every_source():
    listed = {row["label"] for row in personal_data.register()}
    assert {str(source.label) for source in personal_data.sources()} == listed
    assert len(listed) >= 7  # sign-ups, account, emails, requests, certificates, …


def test_deleting_an_account_keeps_its_sheets_credited_to_a_former_member(client, everywhere):
    user = get_user_model().objects.get(email=EMAIL)
    sheet = PracticeSheetPage.objects.live().first()
    sheet.save_revision(user=user).publish()
    client.force_login(user)
    assert client.post("/compte/supprimer/", {"password": "faux"}).status_code == 400
    response = client.post("/compte/supprimer/", {"password": "Colibri-en-essaim-42"})
    assert response.status_code == 302 and "_auth_user_id" not in client.session
    user.refresh_from_db()
    assert (user.email, user.first_name, user.is_active) == ("", "", False)
    assert not user.has_usable_password()
    sheet.refresh_from_db()
    assert sheet.live
    assert "un ancien membre" in client.get(sheet.url).content.decode()
    assert rows_mentioning(EMAIL) == []


def test_the_demo_personal_data_page_documents_each_source(demo_site, client):
    from django.utils import translation

    html = client.get("/donnees-personnelles/").content.decode()
    with translation.override("fr"):
        for row in personal_data.register():
            assert row["label"].replace("'", "&#x27;") in html or row["label"] in html
    assert 'href="/mes-donnees/"' in html
