"""The broker (Redis) stopped for real while residents sign up: every request succeeds,
and once it is back a real worker process delivers each email exactly once."""

import time

import pytest
from django.db import connection

from core.bookings.models import Booking
from core.outbox.models import OutboxMessage
from plugins.visits.models import VisitSlot

from .conftest import read_mail_dir
from .services import RedisServer, celery_worker, wait_until, worker_env

pytestmark = [pytest.mark.redis, pytest.mark.postgres]


def sign_up(client, slot, email):
    return client.post(f"/visites/creneaux/{slot.pk}/inscription/", {
        "name": "Camille Durand", "email": email, "party_size": "1", "minors": "0",
        "consent": "on"})


def test_sign_ups_while_the_broker_is_down_are_emailed_once_it_is_back(
        committed_visits, client, broker, tmp_path):
    redis = RedisServer(tmp_path)
    redis.start()
    broker(redis.url)
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    try:
        slot = VisitSlot.objects.upcoming().filter(page__minimum_age__isnull=True).first()
        redis.stop()
        started = time.monotonic()
        responses = [sign_up(client, slot, f"resident{n}@example.org") for n in range(3)]
        elapsed = time.monotonic() - started
        assert [r.status_code for r in responses] == [302, 302, 302]
        assert elapsed < 10, f"three sign-ups took {elapsed:.1f}s with the broker down"
        assert Booking.objects.filter(offering=slot.offering).count() == 3
        waiting = OutboxMessage.objects.filter(delivered_at__isnull=True)
        assert sorted(waiting.values_list("payload__kind", flat=True)) == [
            "confirm_request"] * 3, list(waiting.values_list("handler", "last_error"))

        redis.start()
        with celery_worker(worker_env(connection, redis.url, mail_dir), beat=True,
                           tmp_path=tmp_path):
            wait_until(lambda: not waiting.exists(), 90,
                       message="the worker to deliver the outbox")
            time.sleep(3)  # a few more beat flushes: none may send anything again
        messages = read_mail_dir(mail_dir)
        assert sorted(m["To"] for m in messages) == [f"resident{n}@example.org"
                                                    for n in range(3)]
        assert all("/inscriptions/confirmer/" in m.get_content() for m in messages)
        delivered = OutboxMessage.objects.filter(delivered_at__isnull=False,
                                                 payload__kind="confirm_request")
        assert delivered.count() == 3
    finally:
        redis.stop()
