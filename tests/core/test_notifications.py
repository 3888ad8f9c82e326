"""Emails leave through the outbox, only once the transaction commits."""

import pytest
from django.db import transaction

from core.notifications import send_email_on_commit

pytestmark = pytest.mark.django_db


def test_email_is_sent_after_commit_in_the_requested_language(
        mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            send_email_on_commit("core/emails/test", ["habitante@example.org"],
                                 {"site_name": "Essaim"}, language="fr")
            assert mailoutbox == []
    (message,) = mailoutbox
    assert message.to == ["habitante@example.org"]
    assert message.subject == "Message de test de Essaim"


@pytest.mark.django_db(transaction=True)
def test_no_email_when_the_transaction_rolls_back(mailoutbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        send_email_on_commit("core/emails/test", ["x@example.org"], {"site_name": "E"})
        raise RuntimeError
    assert mailoutbox == []


def test_celery_beat_schedule_is_assembled_from_plugins(settings):
    from core.celery import app
    from core.plugin_manager import get_plugin_manager

    plugin_entries = get_plugin_manager().beat_schedule()
    assert plugin_entries.items() <= settings.CELERY_BEAT_SCHEDULE.items()
    assert "search-reconcile" in settings.CELERY_BEAT_SCHEDULE
    assert app.conf.beat_schedule == settings.CELERY_BEAT_SCHEDULE


@pytest.mark.redis
def test_healthz_reaches_the_real_broker(client, settings):
    from tests.conftest import _redis_url

    settings.CELERY_BROKER_URL = _redis_url()
    payload = client.get("/healthz").json()
    assert payload["checks"]["broker"] == {"ok": True, "mode": "broker"}


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_an_outbox_message_travels_through_the_real_broker(mailoutbox, broker):
    """A message queued to Redis is received and delivered by a worker (a thread here;
    tests/faults runs a real worker process)."""
    import time

    from celery.contrib.testing.worker import start_worker

    from core.celery import app
    from core.outbox.models import OutboxMessage
    from core.outbox.tasks import deliver_message
    from tests.conftest import _redis_url

    message = OutboxMessage.objects.create(
        handler="core.notifications.deliver_templated_email_message",
        payload={"template": "core/emails/test", "to": ["a@example.org"],
                 "context": {"site_name": "Essaim"}, "language": "fr"})
    broker(_redis_url())
    with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        deliver_message.delay(message.pk)
        deadline = time.monotonic() + 20
        while not mailoutbox and time.monotonic() < deadline:
            time.sleep(0.1)
    assert [m.to for m in mailoutbox] == [["a@example.org"]]
    message.refresh_from_db()
    assert message.delivered_at is not None and message.attempts == 1
