"""The /formations/ catalogue as cards: a module's card shows its next session's seats and
signs up for it; sessions and learning paths are cards too."""

import html as html_module
import re
from datetime import timedelta

import pytest

pytestmark = pytest.mark.django_db


def card(content, kind, pk):
    match = re.search(rf'<li class="card catalogue-card[^"]*" data-{kind}="{pk}">(.*?)\n</li>',
                      content, re.S)
    assert match, f"no card for {kind} {pk}"
    return html_module.unescape(match.group(1))


def badge(html):
    text = re.search(r'<span class="badge[^"]*">(.*?)</span>', html, re.S).group(1)
    return text.strip().replace("’", "'")


def test_a_module_card_shows_its_next_session(client, make_module, make_session,
                                              confirmed_booking):
    module = make_module(title="Lire un budget", duration_minutes=120)
    later = make_session(for_module=module, starts_in=timedelta(days=20), capacity=8)
    sooner = make_session(for_module=module, starts_in=timedelta(days=4), capacity=3)
    confirmed_booking(sooner)
    content = client.get("/formations/").content.decode()
    html = card(content, "module", module.pk)
    assert badge(html) == "Plus que 2 places"
    assert f'href="{sooner.sign_up_url}"' in html and later.sign_up_url not in html
    assert "Budget de la ville" in html and "120 minutes" in html
    assert html.count('class="button') == 1
    assert badge(card(content, "session", later.pk)) == "8 places restantes"


def test_a_full_session_card_offers_the_waiting_list(client, make_module, make_session,
                                                     confirmed_booking):
    module = make_module()
    full = make_session(for_module=module, capacity=1)
    confirmed_booking(full)
    html = card(client.get("/formations/").content.decode(), "session", full.pk)
    assert badge(html) == "Complet : liste d'attente ouverte"
    assert "Rejoindre la liste d'attente" in html.replace("’", "'")


def test_a_module_without_session_leads_to_its_page(client, make_module):
    module = make_module(title="Sans date")
    html = card(client.get("/formations/").content.decode(), "module", module.pk)
    assert "badge" not in html
    assert f'<a class="button button--secondary" href="{module.url}">Voir le module' in html


def test_learning_paths_are_cards_with_their_number_of_modules(client, demo_site):
    from plugins.trainings.models import LearningPathPage

    path = LearningPathPage.objects.live().get(slug="parcours-citoyen")
    html = card(client.get("/formations/").content.decode(), "path", path.pk)
    assert f"{path.path_modules.count()} modules" in html
    assert "Voir le parcours" in html


def test_a_learning_path_page_shows_its_modules_as_cards_in_order(client, demo_site):
    from plugins.trainings.models import LearningPathPage

    path = LearningPathPage.objects.live().get(slug="parcours-citoyen")
    content = client.get(path.url).content.decode()
    steps = list(path.path_modules.select_related("module"))
    positions = [content.index(f'data-module="{step.module.pk}"') for step in steps]
    assert positions == sorted(positions)
    for step in steps:
        html = card(content, "module", step.module.pk)
        assert ("Module obligatoire" if step.required else "Module optionnel") in html
