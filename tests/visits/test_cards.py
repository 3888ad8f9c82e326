"""The /visites/ catalogue as cards: the visit's illustration, the date, key facts, the
seats left as a badge and one primary action."""

import html as html_module
import io
import pickle
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from core.bookings import services


def book(slot, party_size, email):
    services.confirm(services.book(slot.offering, name="A", email=email,
                                   party_size=party_size, consent=True))


def card(content, slot):
    match = re.search(rf'<li class="card catalogue-card[^"]*" data-slot="{slot.pk}">(.*?)\n</li>',
                      content, re.S)
    assert match, f"no card for slot {slot.pk}"
    return html_module.unescape(match.group(1))


def badge(card_html):
    text = re.search(r'<span class="badge[^"]*">(.*?)</span>', card_html, re.S).group(1)
    return re.sub(r"\s+", " ", text).strip().replace("’", "'")


def test_a_date_with_seats_says_how_many_and_offers_to_sign_up(client, make_visit):
    slot = make_visit(slots=((timedelta(days=5), 20),)).slots.get()
    book(slot, 2, "a@example.org")
    html = card(client.get("/visites/").content.decode(), slot)
    assert badge(html) == "18 places restantes"
    assert 'class="badge badge--seats"' in html
    assert f'href="{slot.sign_up_url}">S\'inscrire' in html.replace("’", "'")


def test_a_nearly_full_date_says_only_so_many_seats_are_left(client, make_visit):
    visit = make_visit(slots=((timedelta(days=5), 5), (timedelta(days=6), 5)))
    two_left, one_left = visit.slots.order_by("starts_at")
    book(two_left, 3, "a@example.org")
    book(one_left, 4, "b@example.org")
    content = client.get("/visites/").content.decode()
    assert badge(card(content, two_left)) == "Plus que 2 places"
    assert badge(card(content, one_left)) == "Plus qu'une place"
    assert 'class="badge badge--few"' in card(content, one_left)


def test_a_full_date_says_so_and_offers_the_waiting_list(client, make_visit):
    slot = make_visit(slots=((timedelta(days=5), 2),)).slots.get()
    book(slot, 2, "a@example.org")
    html = card(client.get("/visites/").content.decode(), slot)
    assert badge(html) == "Complet : liste d'attente ouverte"
    assert "Rejoindre la liste d'attente" in html.replace("’", "'")
    assert "S'inscrire" not in html.replace("’", "'")


def test_each_card_has_one_primary_action(client, make_visit):
    slot = make_visit().slots.get()
    html = card(client.get("/visites/").content.decode(), slot)
    assert html.count('class="button') == 1
    assert "Tribunal judiciaire de Blois · 60 minutes" in re.sub(
        r"</li>\s*<li>", " · ", html)


def png_image(title="Test", description=""):
    buffer = io.BytesIO()
    PILImage.new("RGB", (1200, 750), "#1f4e79").save(buffer, format="PNG")
    image = get_image_model()(title=title, description=description)
    image.file = ImageFile(buffer, name="test.png")
    image.save()
    return image


def test_an_illustration_needs_an_alt_text(make_visit):
    visit = make_visit()
    visit.image = png_image()
    visit.image_alt = ""
    with pytest.raises(ValidationError) as error:
        visit.full_clean()
    assert error.value.message_dict["image_alt"] == [
        "Décrivez l’illustration pour les personnes qui ne peuvent pas la voir."]


def test_the_image_description_serves_as_alt_text_when_the_page_gives_none(make_visit):
    visit = make_visit()
    visit.image = png_image(description="Une façade à colonnes")
    visit.image_alt = ""
    visit.full_clean()
    assert visit.image_alt == "Une façade à colonnes"


def test_the_illustration_markup_is_kept_until_the_image_changes(
        client, make_visit, settings):
    """The picture's markup is a shared fragment: a booking leaves it be; a new focal
    point (other renditions) shows at once."""
    settings.ESSAIM_PAGE_CACHE_SECONDS = 600
    visit = make_visit()
    visit.image, visit.image_alt = png_image(), "Un dessin bleu"
    visit.save_revision().publish()
    slot = visit.slots.get()

    def srcset():
        content = card(client.get("/visites/").content.decode(), slot)
        return re.findall(r'srcset="([^"]+)"', content)

    first = srcset()
    assert first and all(".webp" in s or ".jp" in s for s in first)
    kept = [key for key in cache._cache if ":illustration:" in key]  # noqa: SLF001
    assert kept
    for key in kept:  # what the cache holds is what the next render shows
        cache._cache[key] = pickle.dumps('<img srcset="kept.webp 1w" alt="">')  # noqa: SLF001
    book(slot, 1, "illustration@example.org")  # the visits are rendered again…
    assert srcset() == ["kept.webp 1w"]  # …and the picture comes from the cache
    image = visit.image
    image.focal_point_x, image.focal_point_y = 2, 2
    image.focal_point_width = image.focal_point_height = 2
    image.save()
    changed = srcset()
    assert changed and changed != first


def test_the_illustration_is_served_as_responsive_webp_renditions(client, make_visit):
    visit = make_visit()
    visit.image, visit.image_alt = png_image(), "Un dessin bleu"
    visit.save_revision().publish()
    slot = visit.slots.get()
    for content in (card(client.get("/visites/").content.decode(), slot),
                    client.get(visit.url).content.decode()):
        webp = re.search(r'<source[^>]*srcset="([^"]+)"[^>]*type="image/webp"', content) or \
            re.search(r'<source[^>]*type="image/webp"[^>]*srcset="([^"]+)"', content)
        assert webp, content
        widths = sorted(int(w) for w in re.findall(r"\.webp (\d+)w", webp.group(1)))
        assert widths == [320, 640, 960]
        assert 'sizes="' in content
        assert 'alt="Un dessin bleu"' in content
