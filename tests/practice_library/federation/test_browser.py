"""In Chromium, on B (the shared live site): filter the library by origin, open a sheet
received from A, follow the link to the original on A."""

import json
import re

import pytest

from plugins.practice_library.federation import services

pytestmark = pytest.mark.browser


def test_filter_by_origin_open_a_remote_sheet_and_follow_it_to_its_site(
        live_site, instance_a, page, axe):
    subscription = services.subscribe(instance_a.federation_url)
    try:
        assert services.sync(subscription).ok
        page.goto(f"{live_site}/pratiques/")
        page.locator("summary", has_text="Origine").click()  # the group opens
        origin = page.get_by_role("group", name="Origine")
        origin.get_by_label(re.compile("Ville d'Allonnes")).check()  # applied at once
        page.wait_for_url(re.compile(r"origin=127\.0\.0\.1"))
        summary = page.get_by_role("status").inner_text()
        count = subscription.sheets.count()
        assert summary == f"{count} pratiques trouvées"
        assert page.locator(".card--remote").count() == min(count, 20)
        assert page.locator(".card:not(.card--remote)").count() == 0
        serious, _ = axe(page)
        assert serious == [], json.dumps([v["id"] for v in serious])

        card = page.locator(".card--remote").filter(has_text="quartier prioritaire")
        card.get_by_text("Publiée par Ville d'Allonnes sur son site").wait_for()
        card.get_by_role("heading").get_by_role("link").click()
        page.get_by_role("heading", level=1, name=re.compile("quartier prioritaire")).wait_for()
        assert page.url.startswith(f"{live_site}/pratiques/ailleurs/")
        page.get_by_role("link", name="Creative Commons BY-SA 4.0").wait_for()
        serious, _ = axe(page)
        assert serious == [], json.dumps([v["id"] for v in serious])

        page.locator(".sheet__provenance").get_by_role(
            "link", name=re.compile("voir l’original")).click()
        page.wait_for_url(re.compile(rf"^{re.escape(instance_a.url)}/pratiques/"))
        page.get_by_role("heading", level=1, name=re.compile("quartier prioritaire")).wait_for()
    finally:
        services.unsubscribe(subscription)
