"""A resident signs up, confirms from the email and cancels; a waitlisted resident
accepts the freed seat. Pages pass axe without serious or critical violations."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from plugins.visits.models import InstitutionKind, VisitIndexPage, VisitPage, VisitSlot

pytestmark = pytest.mark.browser


def link_in_last_email(to, fragment):
    message = [m for m in mail.outbox if m.to == [to]][-1]
    return re.search(rf"https?://\S*{fragment}\S*", message.body).group(0)


def sign_up(page, base, slot, name, email):
    page.goto(f"{base}/visites/creneaux/{slot.pk}/inscription/")
    page.get_by_label("Votre nom").fill(name)
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("J'accepte que mes données").check()
    # A full slot offers the waiting list instead.
    page.get_by_role("button", name=re.compile("S'inscrire|Rejoindre la liste d'attente")).click()
    page.get_by_text("C'est presque fini").wait_for()


def confirm_from_email(page, email, button="Confirmer mon inscription"):
    page.goto(link_in_last_email(email, "/confirmer/"))
    page.get_by_role("button", name=button).click()


def test_sign_up_confirm_cancel_and_waitlist_offer(live_site, page, axe, settings):
    base = live_site
    index = VisitIndexPage.objects.get()
    visit = VisitPage(title="Visite de l'hémicycle", slug="hemicycle", institution="Sénat",
                      kind=InstitutionKind.SENATE, address="15 rue de Vaugirard, Paris",
                      reduced_mobility_access=True, minimum_age=10)
    index.add_child(instance=visit)
    visit.save_revision().publish()
    start = timezone.now() + timedelta(days=9)
    slot = VisitSlot.objects.create(page=visit, starts_at=start, capacity=1,
                                    ends_at=start + timedelta(hours=2), guide="Rémi Test")

    page.goto(f"{base}{VisitPage.objects.get(pk=visit.pk).url}")
    serious, _ = axe(page)
    assert serious == []
    page.get_by_role("link", name=re.compile("S'inscrire")).first.click()
    page.get_by_label("Votre nom").wait_for()
    serious, _ = axe(page)
    assert serious == []

    # The error summary is itself accessible.
    page.get_by_role("button", name=re.compile("S'inscrire")).click()
    page.get_by_role("heading", name="Ce formulaire comporte 3 erreurs :").wait_for()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    serious, _ = axe(page)
    assert serious == []

    sign_up(page, base, slot, "Léa Dubois", "lea@example.org")
    confirm_from_email(page, "lea@example.org")
    page.get_by_text("Votre inscription est confirmée").first.wait_for()

    sign_up(page, base, slot, "Noé Martin", "noe@example.org")
    # The full date says so before the waiting list is joined.
    confirm_from_email(page, "noe@example.org", button="Rejoindre la liste d'attente")
    page.get_by_text("vous êtes en liste d'attente").first.wait_for()

    # Cancelling asks first, then offers to sign up again.
    page.goto(link_in_last_email("lea@example.org", "/gerer/"))
    page.get_by_role("link", name="Annuler mon inscription").click()
    page.get_by_role("heading", name="Annuler votre inscription ?").wait_for()
    serious, _ = axe(page)
    assert serious == []
    page.get_by_role("button", name="Oui, annuler mon inscription").click()
    page.get_by_text("Votre inscription est annulée").first.wait_for()
    assert page.get_by_role("link", name="Vous inscrire de nouveau").get_attribute("href") == (
        f"/visites/creneaux/{slot.pk}/inscription/")

    offer = [m for m in mail.outbox if m.to == ["noe@example.org"]][-1]
    assert offer.subject.startswith("Une place s'est libérée")
    page.goto(link_in_last_email("noe@example.org", "/gerer/"))
    serious, _ = axe(page)
    assert serious == []
    page.get_by_role("button", name="Accepter les places").click()
    page.get_by_text("Vous avez accepté les places").wait_for()
    assert page.locator(".booking-status").get_attribute("data-status") == "confirmed"
