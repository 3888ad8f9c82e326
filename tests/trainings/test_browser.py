"""A resident signs up for a session and confirms from the email; the trainer marks
them present; the resident downloads the attestation, whose printed URL verifies it.
Pages pass axe without serious or critical violations."""

import io
import re
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from plugins.trainings.models import (
    SessionPart,
    TrainingCatalogPage,
    TrainingModulePage,
    TrainingSession,
    TrainingTopic,
)
from tests.trainings.conftest import _user

pytestmark = pytest.mark.browser


def link_in_last_email(to, fragment):
    message = [m for m in mail.outbox if m.to == [to] and fragment in m.body][-1]
    return re.search(rf"https?://\S*{fragment}\S*", message.body).group(0)


def assert_accessible(axe, page):
    serious, _ = axe(page)
    assert serious == []


def log_in(page, base, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base}])


def test_sign_up_attend_and_verify_the_attestation(live_site, page, axe, settings):
    base = live_site
    trainer = _user("tina.trainer@example.org", "Formateurs", first_name="Tina")
    module = TrainingModulePage(title="Lire le budget de sa commune", slug="lire-le-budget",
                                topic=TrainingTopic.objects.get(slug="budget-de-la-ville"),
                                summary="Les grandes masses du budget.")
    TrainingCatalogPage.objects.get().add_child(instance=module)
    module.save_revision().publish()
    start = timezone.now() + timedelta(minutes=30)
    session = TrainingSession(module=module, place="Salle 2, hôtel de ville", capacity=8,
                              online_link="https://visio.example.org/budget")
    session.parts = [SessionPart(starts_at=start, ends_at=start + timedelta(hours=2))]
    session.trainers = [trainer]
    session.save()

    page.goto(f"{base}/formations/")
    assert_accessible(axe, page)
    page.goto(f"{base}{TrainingModulePage.objects.get(pk=module.pk).url}")
    assert_accessible(axe, page)
    page.get_by_role("link", name=re.compile("S'inscrire")).first.click()
    page.get_by_label("Votre nom").wait_for()
    assert_accessible(axe, page)
    page.get_by_label("Votre nom").fill("Léa Dubois")
    page.get_by_label("Adresse électronique").fill("lea@example.org")
    page.get_by_label("J'accepte que mes données").check()
    page.get_by_role("button", name=re.compile("S'inscrire")).click()
    page.get_by_text("C'est presque fini").wait_for()

    page.goto(link_in_last_email("lea@example.org", "/confirmer/"))
    page.get_by_role("button", name="Confirmer mon inscription").click()
    page.get_by_text("Votre inscription est confirmée").first.wait_for()
    own_page = link_in_last_email("lea@example.org", "/formations/inscription/")

    log_in(page, base, trainer)
    page.goto(f"{base}/formations/espace-formateur/")
    assert_accessible(axe, page)
    page.get_by_role("link", name=re.compile("Lire le budget")).click()
    page.get_by_role("heading", name="Inscrits").wait_for()
    assert_accessible(axe, page)
    page.get_by_label("Présent – Léa Dubois").check()
    page.get_by_role("button", name=re.compile("Enregistrer les présences")).click()
    page.get_by_text("Présences enregistrées.").wait_for()
    page.context.clear_cookies()

    page.goto(own_page)
    page.get_by_role("link", name="https://visio.example.org/budget").wait_for()
    assert_accessible(axe, page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Télécharger le PDF")).click()
    with open(download_info.value.path(), "rb") as pdf_file:
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_file.read())).pages)
    assert "Léa Dubois" in text and "Lire le budget de sa commune" in text
    verify_url = re.search(rf"{re.escape(base)}/attestations/\S+", text).group(0)
    page.goto(verify_url)
    page.get_by_text("Valide : ce site a délivré ce document.").wait_for()
    assert_accessible(axe, page)
    code = verify_url.rsplit("/", 1)[1]
    page.goto(f"{base}/attestations/")
    page.get_by_label("Code de l’attestation").fill(code.lower())
    page.get_by_role("button", name="Vérifier").click()
    page.get_by_text("Valide : ce site a délivré ce document.").wait_for()
    page.get_by_label("Code de l’attestation").fill("PAS-UN-CODE")
    page.get_by_role("button", name="Vérifier").click()
    page.get_by_text("Non trouvée : aucune attestation ne porte ce code.").wait_for()
    assert_accessible(axe, page)
