"""Browser smoke test: the journey of a first visitor, driven through a real Chromium.

The live server runs in another thread, so the demo content is committed
(``live_site`` in tests/conftest.py explains how migration data survives).
"""

import json
import re

import pytest

pytestmark = pytest.mark.browser

# The main navigation of the demo site: accessible name of the link -> path.
PLUGIN_INDEXES = [
    ("Pratiques", "/pratiques/"),
    ("Chartes", "/chartes/"),
    ("Formations", "/formations/"),
    ("Visites citoyennes", "/visites/"),
]

AXE_PATHS = ["/", *(path for _, path in PLUGIN_INDEXES), "/recherche/?q=budget", "/admin/login/"]

# Footer links are translated; match the English msgid and the French translation.
FOOTER_LINKS = [
    (re.compile(r"Accessibilit(y|é)", re.I), "/accessibilite/", "Déclaration d'accessibilité"),
    (re.compile(r"Legal notice|Mentions légales", re.I), "/mentions-legales/", "Mentions légales"),
    (re.compile(r"Personal data|Données personnelles", re.I), "/donnees-personnelles/",
     "Données personnelles"),
]

MOBILE = {"width": 375, "height": 812}


@pytest.fixture
def site(live_site):
    return live_site


def h1(page):
    return page.get_by_role("heading", level=1)


def describe(violations):
    """Readable axe violations for an assertion message."""
    return json.dumps([
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [{"target": n["target"], "summary": n.get("failureSummary", "")}
                   for n in v["nodes"]]}
        for v in violations
    ], indent=2, ensure_ascii=False)


def test_skip_link_moves_keyboard_focus_to_the_content(site, page):
    page.goto(site + "/")
    page.keyboard.press("Tab")
    skip_link = page.evaluate("document.activeElement.getAttribute('href')")
    assert skip_link == "#content"
    assert page.locator("a[href='#content']").is_visible(), "the focused skip link must show"

    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "content"


@pytest.mark.parametrize(("name", "path"), PLUGIN_INDEXES)
def test_main_navigation_reaches_each_plugin_index(site, page, name, path):
    page.goto(site + "/")

    page.locator("#main-nav").get_by_role("link", name=name, exact=True).click()

    page.wait_for_url(site + path)
    assert h1(page).inner_text().strip() == name
    current = page.locator("#main-nav").get_by_role("link", name=name, exact=True)
    assert current.get_attribute("aria-current") == "page"


def test_no_serious_or_critical_accessibility_violations(site, page, axe):
    found = {}
    for path in AXE_PATHS:
        page.goto(site + path)
        serious, _results = axe(page)
        if serious:
            found[path] = serious

    assert not found, "\n".join(f"{path}:\n{describe(v)}" for path, v in found.items())


def test_footer_links_lead_to_the_legal_pages(site, page):
    for name, path, title in FOOTER_LINKS:
        page.goto(site + "/")

        page.locator("#footer").get_by_role("link", name=name).click()

        page.wait_for_url(site + path)
        assert h1(page).inner_text().strip() == title


def test_footer_language_form_switches_to_english(site, page):
    page.goto(site + "/mentions-legales/")
    assert page.locator("html").get_attribute("lang") == "fr"

    page.locator("#language-select").select_option("en")
    page.locator("#footer form").get_by_role("button").click()

    page.wait_for_url(site + "/mentions-legales/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#language-select").input_value() == "en"


def test_an_editor_reaches_the_admin_login_and_signs_in(site, page):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser(
        username="moderatrice", email="moderatrice@example.org", password="Colibri-en-essaim-42")

    page.goto(site + "/admin/")
    page.wait_for_url(re.compile(r"/admin/login/"))
    page.locator("#id_username").fill("moderatrice")
    page.locator("#id_password").fill("Colibri-en-essaim-42")
    page.locator("form").filter(has=page.locator("#id_password")).locator(
        "button[type=submit]").click()

    page.wait_for_url(site + "/admin/")
    assert page.locator("#id_password").count() == 0
    assert page.context.cookies(site)  # the session cookie
    assert any(c["name"] == "sessionid" for c in page.context.cookies(site))


@pytest.mark.parametrize("path", ["/", "/visites/", "/recherche/?q=budget"])
def test_mobile_layout_has_no_horizontal_scroll_and_a_usable_nav(site, browser, path):
    context = browser.new_context(viewport=MOBILE, locale="fr-FR", timezone_id="Europe/Paris",
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(site + path)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= MOBILE["width"] + 1, f"horizontal scroll on {path}: {scroll_width}px"

        for name, _path in PLUGIN_INDEXES:
            link = page.locator("#main-nav").get_by_role("link", name=name, exact=True)
            assert link.is_visible(), f"{name!r} hidden in the mobile nav"
            box = link.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= MOBILE["width"] + 1
            assert box["height"] >= 24, f"{name!r} is too small a target ({box['height']}px)"

        page.locator("#main-nav").get_by_role("link", name="Chartes", exact=True).tap()
        page.wait_for_url(site + "/chartes/")
        assert h1(page).inner_text().strip() == "Chartes"
        assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"] + 1
    finally:
        context.close()
