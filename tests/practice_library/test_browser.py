"""Journeys through a real Chromium: finding and downloading a sheet; proposing one that a
moderator approves; accessibility of the library pages."""

import json
import re

import pytest
from django.core import mail

from plugins.practice_library.models import PracticeSheetPage

pytestmark = pytest.mark.browser


def describe(violations):
    return json.dumps([{"id": v["id"], "impact": v["impact"],
                        "nodes": [n["target"] for n in v["nodes"]]} for v in violations],
                      indent=2)


def test_find_a_sheet_with_two_facets_and_a_query_then_download_its_pdf(
        live_site, page, axe):
    page.goto(f"{live_site}/pratiques/")
    serious, _ = axe(page)
    assert serious == [], describe(serious)

    page.get_by_label("Mots-clés").fill("budget")
    page.get_by_role("group", name="Dispositifs").get_by_label(
        re.compile("Budget participatif")).check()
    page.get_by_role("group", name="Population").get_by_label(
        re.compile("10\u202f000 à 20\u202f000")).check()
    page.get_by_role("button", name="Appliquer les filtres").click()
    page.wait_for_url(re.compile(r"mechanism=budget-participatif"))
    assert "q=budget" in page.url
    page.get_by_role("status").filter(has_text="1 pratique trouvée").wait_for()

    page.get_by_role("link", name=re.compile("quartier prioritaire")).click()
    page.get_by_role("heading", level=1, name=re.compile("budget participatif")).wait_for()
    serious, _ = axe(page)
    assert serious == [], describe(serious)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger en PDF").click()
    download = download_info.value
    assert download.suggested_filename == "allonnes-budget-participatif.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(4) == b"%PDF"


def test_a_professional_proposes_a_sheet_a_moderator_approves_it(
        live_site, page, axe):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from core.accounts.services import verify_email

    password = "Colibri-en-essaim-42"
    pro = get_user_model().objects.create_user(
        username="ines@example.org", email="ines@example.org", password=password,
        first_name="Inès", last_name="Morel")
    verify_email(pro)
    moderator = get_user_model().objects.create_user(
        username="morgane", email="morgane@example.org", password=password, is_staff=True)
    moderator.groups.add(Group.objects.get(name="Modérateurs"))

    page.goto(f"{live_site}/pratiques/contribuer/")
    page.get_by_label("Adresse électronique").fill("ines@example.org")
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("link", name="Proposer une nouvelle fiche pratique").click()
    serious, _ = axe(page)
    assert serious == [], describe(serious)
    page.get_by_label("Titre de la pratique").fill("Un conseil municipal des enfants")
    page.get_by_label("Territoire").select_option(label="Saillans")
    page.get_by_label("Point clé 1").fill("Des enfants élus par leurs camarades")
    page.get_by_label("Point clé 2").fill("Un petit budget à décider")
    page.get_by_label("Point clé 3").fill("Des projets réalisés dans l'année")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.get_by_role("group", name="Dispositifs").get_by_label("Conseil des jeunes").check()
    serious, _ = axe(page)
    assert serious == [], describe(serious)
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.get_by_role("button", name="Soumettre à la modération").click()
    page.get_by_text("Votre fiche a été envoyée aux modérateurs").wait_for()

    sheet = PracticeSheetPage.objects.get(title="Un conseil municipal des enfants")
    task_state = sheet.current_workflow_task_state
    page.context.clear_cookies()
    page.goto(f"{live_site}/admin/login/")
    page.locator("#id_username").fill("morgane")
    page.locator("#id_password").fill(password)
    page.locator("form").filter(has=page.locator("#id_password")).locator(
        "button[type=submit]").click()
    page.wait_for_url(f"{live_site}/admin/")
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        f"{live_site}/admin/pages/workflow/action/{sheet.pk}/approve/{task_state.pk}/",
        form={"comment": "Merci, c'est très clair."},
        headers={"X-CSRFToken": csrf, "Referer": f"{live_site}/admin/"})
    assert response.ok

    sheet.refresh_from_db()
    assert sheet.live
    assert any("Merci, c'est très clair." in m.body for m in mail.outbox
               if "ines@example.org" in m.to)
    page.goto(f"{live_site}/pratiques/?q=enfants")
    page.get_by_role("link", name="Un conseil municipal des enfants").wait_for()
    page.goto(f"{live_site}/pratiques/flux.atom")
    assert "Un conseil municipal des enfants" in page.content()
