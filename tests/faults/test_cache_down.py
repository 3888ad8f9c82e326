"""Rate limits live in the shared cache (Redis in production): they hold across clients
on the real Redis, and a cache that is down never stops a resident from signing up."""

import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from core.bookings.models import Booking
from tests.conftest import _redis_url

from .services import RedisServer

pytestmark = pytest.mark.redis


@pytest.fixture
def slot(db):
    from wagtail.models import Page

    from core.models import HomePage
    from plugins.visits.models import VisitIndexPage, VisitPage, VisitSlot

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Accueil", slug=f"a-{uuid.uuid4().hex[:6]}"))
    index = home.add_child(instance=VisitIndexPage(title="Visites", slug="visites"))
    visit = index.add_child(instance=VisitPage(title="Le Sénat", slug="senat", institution="Sénat",
                                               address="15 rue de Vaugirard, Paris"))
    visit.save_revision().publish()
    start = timezone.now() + timedelta(days=5)
    return VisitSlot.objects.create(page=visit, starts_at=start, capacity=10,
                                    ends_at=start + timedelta(hours=2))


def sign_up(client, slot, email):
    return client.post(f"/visites/creneaux/{slot.pk}/inscription/", {
        "name": "Camille Durand", "email": email, "party_size": "1", "consent": "on"},
        REMOTE_ADDR="192.0.2.7").status_code


def redis_cache(url):
    """The production cache settings, on ``url``, with keys of this test's own."""
    from core.settings.base import redis_cache

    return {"default": redis_cache(url, prefix=f"test-{uuid.uuid4().hex[:8]}")}


def test_rate_limits_are_shared_by_every_client_through_redis(slot, settings):
    settings.CACHES = redis_cache(_redis_url())
    settings.ESSAIM_BOOKINGS_RATE_LIMIT_PER_IP = 3
    first, second = Client(), Client()  # two browsers, or two web workers
    codes = [sign_up(first, slot, "a@example.org"), sign_up(second, slot, "b@example.org"),
             sign_up(first, slot, "c@example.org"), sign_up(second, slot, "d@example.org")]
    assert codes == [302, 302, 302, 429]
    assert Booking.objects.filter(offering=slot.offering).count() == 3


def test_a_cache_that_is_down_never_blocks_a_sign_up(slot, settings, tmp_path, caplog):
    redis = RedisServer(tmp_path)
    redis.start()
    settings.CACHES = redis_cache(redis.url)
    redis.stop()
    assert sign_up(Client(), slot, "camille@example.org") == 302
    assert Booking.objects.filter(offering=slot.offering, email="camille@example.org").exists()
    assert "the cache is unreachable" in caplog.text

