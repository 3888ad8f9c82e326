"""A cached visit page never shows a seat count older than the last booking."""

import pytest
from django.test import Client
from django.urls import reverse

from core import pagecache
from core.bookings import services
from tests.conftest import _redis_url
from tests.faults.services import RedisServer
from tests.faults.test_cache_down import redis_cache


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.ESSAIM_PAGE_CACHE_SECONDS = 600


def seats_text(response):
    html = response.content.decode()
    start = html.index('class="badge')
    return html[html.index(">", start) + 1:html.index("</", start)].strip()


def test_the_visit_page_shows_the_seats_left_after_each_booking(client, visit, slot):
    first = client.get(visit.url)
    assert first[pagecache.HEADER] == "MISS" and seats_text(first) == "10 places restantes"
    assert client.get(visit.url)[pagecache.HEADER] == "HIT"
    services.confirm(services.book(slot.offering, name="Léa", email="lea@example.org",
                                   party_size=3, consent=True))
    after = client.get(visit.url)
    assert after[pagecache.HEADER] == "MISS" and seats_text(after) == "7 places restantes"


def test_the_sign_up_form_is_never_served_from_the_cache(visit, slot):
    url = reverse("visits:sign_up", args=[slot.pk])
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    assert first.get(url)[pagecache.HEADER] == "BYPASS"
    page = second.get(url)
    assert page[pagecache.HEADER] == "BYPASS"
    token = page.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = second.post(url, {"csrfmiddlewaretoken": token, "name": "Noé",
                                 "email": "noe@example.org", "party_size": "1",
                                 "consent": "on", "website": ""})
    assert response.status_code == 302  # the visitor's own token was accepted


@pytest.mark.redis
def test_cached_pages_are_shared_through_redis_and_purged_by_a_booking(visit, slot, settings):
    settings.CACHES = redis_cache(_redis_url())
    settings.ESSAIM_PAGE_CACHE_SECONDS = 600
    url = visit.url
    first, second = Client(), Client()  # two web workers share the cache
    assert first.get(url)[pagecache.HEADER] == "MISS"
    assert second.get(url)[pagecache.HEADER] == "HIT"
    services.confirm(services.book(slot.offering, name="Léa", email="lea@example.org",
                                   consent=True))
    fresh = second.get(url)
    assert fresh[pagecache.HEADER] == "MISS" and seats_text(fresh) == "9 places restantes"


@pytest.mark.redis
def test_a_cache_that_is_down_still_serves_fresh_pages(visit, slot, settings, tmp_path):
    redis = RedisServer(tmp_path)
    redis.start()
    settings.CACHES = redis_cache(redis.url)
    settings.ESSAIM_PAGE_CACHE_SECONDS = 600
    url = visit.url
    assert Client().get(url)[pagecache.HEADER] == "MISS"
    redis.stop()
    services.confirm(services.book(slot.offering, name="Léa", email="lea@example.org",
                                   consent=True))
    page = Client().get(url)
    assert page.status_code == 200 and seats_text(page) == "9 places restantes"
