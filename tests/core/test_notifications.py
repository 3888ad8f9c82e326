"""Emails leave through a Celery task, only once the transaction commits."""

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
def test_a_task_travels_through_the_real_broker(mailoutbox):
    """A task sent to Redis is received and run by a real worker (in a thread here)."""
    import time

    from celery.contrib.testing.worker import start_worker

    from core.celery import app
    from core.tasks import send_templated_email
    from tests.conftest import _redis_url

    app.conf.update(broker_url=_redis_url(), task_always_eager=False)
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
            send_templated_email.delay("core/emails/test", ["a@example.org"],
                                       {"site_name": "Essaim"}, "fr")
            deadline = time.monotonic() + 20
            while not mailoutbox and time.monotonic() < deadline:
                time.sleep(0.1)
    finally:
        app.conf.update(task_always_eager=True)
    assert [message.to for message in mailoutbox] == [["a@example.org"]]
