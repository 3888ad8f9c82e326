"""A resident compares two charters, endorses one and confirms from the email."""

import re

import pytest
from django.core import mail

from plugins.charters.models import CharterPage

pytestmark = pytest.mark.browser


def test_compare_endorse_and_confirm(live_site, page, axe):
    charters = list(CharterPage.objects.live().order_by("title")[:2])
    page.goto(f"{live_site}/chartes/comparer/")
    for charter in charters:
        page.get_by_label(re.compile(re.escape(charter.title))).check()
    page.get_by_role("button", name="Comparer", exact=True).click()
    page.get_by_role("heading", name="Engagements par niveau de participation").wait_for()
    serious, _ = axe(page)
    assert serious == []

    charter = charters[0]
    page.goto(live_site + charter.url)
    serious, _ = axe(page)
    assert serious == []
    page.get_by_label("Votre nom").fill("Alix Bernard")
    page.get_by_label("Votre adresse électronique").fill("alix@example.org")
    page.get_by_label("Afficher mon nom").check()
    page.get_by_role("button", name="Soutenir", exact=True).click()
    page.get_by_text("Consultez votre messagerie").wait_for()

    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirmer mon soutien").click()
    page.get_by_text("Votre soutien est confirmé").wait_for()
    assert page.get_by_text("1 habitant").is_visible()
    assert page.get_by_text("Alix Bernard").is_visible()
