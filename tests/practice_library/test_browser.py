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
    page.get_by_role("button", name="Rechercher", exact=True).last.click()
    page.wait_for_url(re.compile(r"q=budget"))
    # Each facet is a group that opens; a ticked box applies at once.
    page.locator("summary", has_text="Dispositifs").click()
    page.get_by_role("group", name="Dispositifs").get_by_label(
        re.compile("Budget participatif")).check()
    page.wait_for_url(re.compile(r"mechanism=budget-participatif"))
    page.locator("summary", has_text="Population").click()
    page.get_by_role("group", name="Population").get_by_label(
        re.compile("10\u202f000 à 20\u202f000")).check()
    page.wait_for_url(re.compile(r"size=10000-20000"))
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
    territory = page.get_by_role("combobox", name="Territoire")
    territory.press_sequentially("Saillan")
    saillans = page.get_by_role("option", name=re.compile(r"^Saillans \(26289\)"))
    saillans.wait_for()
    territory.press("ArrowDown")  # its intercommunalité, more populous, comes first
    territory.press("ArrowDown")
    assert saillans.get_attribute("aria-selected") == "true"
    territory.press("Enter")
    assert territory.input_value() == "Saillans (26289)"
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


def test_the_territory_is_picked_with_the_keyboard(live_site, page, axe):
    from django.contrib.auth import get_user_model

    from core.accounts.services import verify_email

    password = "Colibri-en-essaim-42"
    pro = get_user_model().objects.create_user(
        username="yanis@example.org", email="yanis@example.org", password=password,
        first_name="Yanis", last_name="Roche")
    verify_email(pro)
    page.goto(f"{live_site}/pratiques/contribuer/nouvelle/")
    page.get_by_label("Adresse électronique").fill("yanis@example.org")
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_label("Titre de la pratique").fill("Des jurys citoyens pour les quartiers")

    territory = page.get_by_role("combobox", name="Territoire")
    assert territory.get_attribute("aria-expanded") == "false"
    territory.press_sequentially("saint eti")  # no accent, no hyphen
    listbox = page.get_by_role("listbox", name="Territoires proposés")
    listbox.wait_for()
    options = listbox.get_by_role("option")
    assert options.nth(0).inner_text().startswith("Saint-Étienne Métropole (244200770)")
    assert options.nth(1).inner_text().startswith("Saint-Étienne (42218)")
    assert territory.get_attribute("aria-expanded") == "true"
    page.get_by_role("status").filter(
        has_text="territoires proposés, utilisez les flèches pour choisir").wait_for()
    serious, _ = axe(page)  # the form, suggestions open
    assert serious == [], describe(serious)

    territory.press("ArrowDown")
    territory.press("ArrowDown")
    second = options.nth(1)
    assert second.get_attribute("aria-selected") == "true"
    assert territory.get_attribute("aria-activedescendant") == second.get_attribute("id")
    territory.press("Escape")  # closes the list, keeps the text
    assert listbox.is_hidden() and territory.input_value() == "saint eti"
    territory.press("ArrowDown")  # opens it again
    territory.press("ArrowDown")
    territory.press("Enter")  # picks, does not submit
    assert territory.input_value() == "Saint-Étienne (42218)"
    assert territory.get_attribute("aria-expanded") == "false" and listbox.is_hidden()
    assert "/nouvelle/" in page.url

    page.get_by_label("Point clé 1").fill("Douze habitants tirés au sort")
    page.get_by_label("Point clé 2").fill("Un avis rendu public")
    page.get_by_label("Point clé 3").fill("Une réponse écrite du maire")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_url(re.compile(r"/description/$"))
    sheet = PracticeSheetPage.objects.get(title="Des jurys citoyens pour les quartiers")
    assert sheet.get_latest_revision_as_object().territory.insee_code == "42218"
    serious, _ = axe(page)
    assert serious == [], describe(serious)
