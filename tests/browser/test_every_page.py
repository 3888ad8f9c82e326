"""Every public page and every workspace page, at 375 px and 1280 px: nothing wider than
the window, and axe finds nothing serious or critical; the admin editors of our page
types pass axe too.

The pages are listed from the URL configuration and the demo content, each visited as
the role that uses it (anonymous, professional, trainer, editor).
"""

import json

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

pytestmark = pytest.mark.browser

WIDTHS = (375, 1280)


def user(email, group=None, **fields):
    account, _created = get_user_model().objects.get_or_create(
        username=email, defaults={"email": email, "first_name": "Camille",
                                  "last_name": "Delacroix-Montreuil", **fields})
    if group:
        account.groups.add(Group.objects.get(name=group))
    return account


def pages_by_role():
    """(role, [paths]) as the demo builds them; a workspace page is visited signed in."""
    from core.bookings import services
    from plugins.charters.models import CharterPage
    from plugins.practice_library.models import PracticeSheetPage
    from plugins.trainings.demo import DEMO_TRAINER
    from plugins.trainings.models import LearningPathPage, TrainingModulePage, TrainingSession
    from plugins.visits.models import VisitPage, VisitSlot

    charters = list(CharterPage.objects.live().order_by("pk")[:3])
    session = TrainingSession.objects.upcoming().filter(
        trainers__email=DEMO_TRAINER).first()
    # A registrant with a long address, as real ones have: the trainer's table must fit.
    if not session.offering.bookings.filter(email__startswith="marie-").exists():
        services.confirm(services.book(
            session.offering, name="Marie-Christine Lefebvre-Dumoulin",
            email="marie-christine.lefebvre-dumoulin@agglomeration-exemple.fr", consent=True))
    sheet = PracticeSheetPage.objects.live().filter(image__isnull=False).first()
    visit = VisitPage.objects.live().filter(image__isnull=False).first()
    slot = VisitSlot.objects.upcoming().filter(page=visit).first()
    module = TrainingModulePage.objects.live().filter(image__isnull=False).first()
    professional = user("camille.pro@agglomeration-exemple.fr", "Professionnels")
    trainer = get_user_model().objects.get(email=DEMO_TRAINER)
    editor = user("editrice@agglomeration-exemple.fr", is_superuser=True, is_staff=True)
    return [
        (None, [
            "/", "/pratiques/", "/pratiques/?q=budget", sheet.url, "/chartes/", charters[0].url,
            f"{charters[0].url}versions/",
            "/chartes/comparer/?" + "&".join(f"chartes={c.pk}" for c in charters),
            "/chartes/comparer/", "/visites/", "/visites/?accessible=1", visit.url,
            slot.sign_up_url, "/formations/", module.url, session.sign_up_url,
            LearningPathPage.objects.live().first().url, "/recherche/?q=budget",
            "/recherche/?q=zzzzzz", "/compte/connexion/", "/compte/inscription/",
            "/compte/mot-de-passe/", "/mes-donnees/", "/mentions-legales/",
        ]),
        (professional, ["/pratiques/contribuer/", "/pratiques/contribuer/nouvelle/",
                        "/formations/mes-formations/", "/compte/supprimer/"]),
        (trainer, ["/formations/espace-formateur/",
                   f"/formations/espace-formateur/sessions/{session.pk}/"]),
        (editor, ["/admin/inscriptions/", f"/admin/inscriptions/{session.offering.pk}/",
                  f"/admin/inscriptions/{slot.offering.pk}/"]),
    ]


def sign_in(context, base, account):
    if account is None:
        return
    client = Client()
    client.force_login(account)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base}])


def describe(violations):
    return json.dumps([{"id": v["id"], "impact": v["impact"],
                        "nodes": [n["target"] for n in v["nodes"]][:5]} for v in violations],
                      ensure_ascii=False)


WIDER_THAN_THE_WINDOW = """() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > innerWidth + 1 && !e.closest('.table-region'))
    .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))"""


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_is_wider_than_the_window_and_axe_finds_nothing_serious(
        live_site, browser, axe, width):
    overflowing, inaccessible, broken = {}, {}, {}
    for account, paths in pages_by_role():
        context = browser.new_context(viewport={"width": width, "height": 900},
                                      locale="fr-FR", timezone_id="Europe/Paris")
        sign_in(context, live_site, account)
        page = context.new_page()
        page.set_default_timeout(15_000)
        for path in paths:
            response = page.goto(live_site + path)
            if response.status != 200:
                broken[path] = response.status
                continue
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > page.evaluate("innerWidth"):
                overflowing[path] = (scroll_width, page.evaluate(WIDER_THAN_THE_WINDOW))
            if width == WIDTHS[0] or not path.startswith("/admin/"):
                serious, _results = axe(page)
                if serious:
                    inaccessible[path] = describe(serious)
        context.close()
    assert not broken, broken
    assert not overflowing, f"wider than {width} px: {overflowing}"
    assert not inaccessible, "\n".join(f"{path}: {v}" for path, v in inaccessible.items())


def test_the_admin_editors_of_our_page_types_pass_axe(live_site, browser, axe):
    from wagtail.models import Page

    editor = user("editrice@agglomeration-exemple.fr", is_superuser=True, is_staff=True)
    first_of_each_type = {}
    for page in Page.objects.filter(depth__gt=1).specific().order_by("path"):
        first_of_each_type.setdefault(type(page), page)
    ours = {model: page for model, page in first_of_each_type.items()
            if model.__module__.startswith(("core.", "plugins."))}
    assert len(ours) >= 10, sorted(model.__name__ for model in ours)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    sign_in(context, live_site, editor)
    page = context.new_page()
    page.set_default_timeout(15_000)
    found = {}
    for model, instance in ours.items():
        page.goto(f"{live_site}/admin/pages/{instance.pk}/edit/")
        page.locator("[data-draftail-editor-wrapper], form").first.wait_for()
        serious, _results = axe(page)
        # Wagtail's own minimap (a list of anchors, collapsed) is not one of our panels.
        serious = [v for v in serious if not (
            v["id"] == "scrollable-region-focusable"
            and all("w-minimap" in " ".join(n["target"]) for n in v["nodes"]))]
        if serious:
            found[model.__name__] = describe(serious)
    context.close()
    assert not found, "\n".join(f"{name}: {v}" for name, v in found.items())
