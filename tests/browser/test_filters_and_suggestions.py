"""The library's filters and the header's search suggestions, driven by keyboard in a real
Chromium, on a desktop and on a phone."""

import json
import re

import pytest

pytestmark = pytest.mark.browser

MOBILE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def describe(violations):
    return json.dumps([{"id": v["id"], "impact": v["impact"],
                        "nodes": [n["target"] for n in v["nodes"]]} for v in violations],
                      indent=2, ensure_ascii=False)


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=MOBILE, locale="fr-FR", timezone_id="Europe/Paris",
                                  has_touch=True, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def focused(page, script="el => el"):
    return page.evaluate(f"({script})(document.activeElement)")


def tab_to(page, selector, limit=80):
    """Press Tab until the focused element matches ``selector``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never got the focus")


def status(page):
    return page.locator("#library-status").inner_text()


def assert_no_horizontal_overflow(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, f"{page.url} is {width}px wide"


def test_a_filter_applied_by_keyboard_becomes_a_chip_that_enter_removes(live_site, page, axe):
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_site}/pratiques/")
    everything = status(page)
    summary = page.locator("details[data-facet=mechanism] > summary")
    summary.focus()
    page.keyboard.press("Enter")  # opens the group
    assert page.locator("details[data-facet=mechanism]").get_attribute("open") == ""
    page.keyboard.press("Tab")
    assert focused(page, "el => el.labels[0].textContent").startswith("Budget participatif")
    page.keyboard.press("Space")  # ticks it: applied at once, focus stays

    page.wait_for_url(re.compile(r"\?mechanism=budget-participatif$"))
    page.locator("a.chip").wait_for()
    assert status(page) != everything
    assert focused(page, "el => el.value") == "budget-participatif"
    chip = page.locator("a.chip")
    assert chip.count() == 1
    assert page.get_by_role("link", name=re.compile(
        r"^Retirer le filtre Dispositifs\s:\sBudget participatif$")).count() == 1
    serious, _ = axe(page)
    assert serious == [], describe(serious)

    tab_to(page, "a.chip")
    page.keyboard.press("Enter")

    page.wait_for_url(f"{live_site}/pratiques/")
    page.locator("#library-status").filter(has_text=everything).wait_for()
    assert page.locator("a.chip").count() == 0
    assert not page.locator("input[value=budget-participatif]").is_checked()
    assert focused(page, "el => el.id") == "library-results-title"
    page.go_back()  # the address follows each change, so history works
    page.locator("a.chip").wait_for()
    assert page.url.endswith("?mechanism=budget-participatif")


def test_on_a_phone_the_filters_are_a_drawer_and_the_results_come_first(live_site, phone, axe):
    phone.goto(f"{live_site}/pratiques/?mechanism=budget-participatif&size=gt-100000")
    assert_no_horizontal_overflow(phone)
    first = phone.locator(".library__list .card").first.bounding_box()
    assert first["y"] < MOBILE["height"], f"the first result is {first['y']}px down"
    assert not phone.locator("#library-filters").is_visible()
    toggle = phone.get_by_role("button", name="Filtres (2)")

    toggle.focus()
    phone.keyboard.press("Enter")

    drawer = phone.get_by_role("dialog", name="Filtrer")
    drawer.wait_for()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert focused(phone, "el => el.id") == "library-filters-title"
    assert_no_horizontal_overflow(phone)
    serious, _ = axe(phone)
    assert serious == [], describe(serious)
    for _ in range(40):  # Tab stays in the drawer
        phone.keyboard.press("Tab")
        assert focused(phone, "el => !!el.closest('#library-filters')")
    phone.keyboard.press("Escape")

    assert not phone.locator("#library-filters").is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert focused(phone, "el => el.dataset.drawerOpen") == ""
    # "Show the results" closes it too.
    toggle.click()
    phone.get_by_role("button", name=re.compile(r"Afficher .*pratique")).click()
    assert not phone.locator("#library-filters").is_visible()


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["1280px", "375px"])
def test_suggestions_open_as_a_listbox_under_the_field_and_enter_opens_one(
        live_site, page, axe, viewport):
    page.set_viewport_size(viewport)
    page.goto(f"{live_site}/recherche/?q=budget")
    assert_no_horizontal_overflow(page)
    header = page.locator(".site-header")
    height = header.bounding_box()["height"]
    field = page.locator("#search-q")
    field.fill("")

    field.press_sequentially("budget parti", delay=20)
    listbox = page.get_by_role("listbox")
    listbox.wait_for()

    assert field.get_attribute("aria-expanded") == "true"
    assert header.bounding_box()["height"] == height
    assert field.bounding_box()["width"] >= 150
    box, under = field.bounding_box(), listbox.bounding_box()
    assert under["y"] >= box["y"] + box["height"] - 1
    assert under["x"] + under["width"] <= viewport["width"]
    options = listbox.get_by_role("option")
    count = options.count()
    assert count >= 1
    live = page.locator(".site-search [aria-live=polite]")
    expected = f"{count} suggestion" + ("s" if count > 1 else "")
    page.wait_for_function("([el, text]) => el.textContent === text",
                           arg=[live.element_handle(), expected])
    serious, _ = axe(page)
    assert serious == [], describe(serious)

    page.keyboard.press("ArrowDown")
    first = options.first
    assert field.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    page.keyboard.press("ArrowUp")  # wraps to the last one
    assert field.get_attribute("aria-activedescendant") == \
        options.nth(count - 1).get_attribute("id")
    page.keyboard.press("ArrowDown")
    assert field.get_attribute("aria-activedescendant") == first.get_attribute("id")
    title = first.evaluate("el => el.firstChild.textContent")
    page.keyboard.press("Enter")

    page.get_by_role("heading", level=1, name=title).wait_for()
    assert "/recherche/" not in page.url


def test_escape_closes_the_suggestions(live_site, page):
    page.goto(f"{live_site}/")
    field = page.locator("#search-q")
    field.press_sequentially("budget", delay=20)
    page.get_by_role("listbox").wait_for()
    page.keyboard.press("ArrowDown")

    page.keyboard.press("Escape")

    assert field.get_attribute("aria-expanded") == "false"
    assert field.get_attribute("aria-activedescendant") is None
    assert not page.get_by_role("listbox").is_visible()
    assert field.input_value() == "budget"


@pytest.mark.parametrize("path", ["/pratiques/?mechanism=budget-participatif&size=gt-100000"
                                  "&challenge=impliquer-les-publics-eloignes",
                                  "/recherche/?q=budget", "/recherche/?q=budget&type=charter"])
def test_no_horizontal_overflow_on_a_phone(live_site, phone, axe, path):
    phone.goto(f"{live_site}{path}")
    assert_no_horizontal_overflow(phone)
    serious, _ = axe(phone)
    assert serious == [], describe(serious)
