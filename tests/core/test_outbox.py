"""The outbox: written with the change, delivered once, retried when delivery fails,
visible to operators (admin, /healthz, `essaim outbox`)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from core import outbox
from core.outbox import delivery
from core.outbox.models import OutboxMessage
from core.text import strip_control_characters

pytestmark = pytest.mark.django_db

calls = []


@outbox.handler
def record(payload, message=None):
    from core.models import Territory

    if payload.get("fail"):
        Territory.objects.create(name="écrit puis annulé", insee_code="99999")
        raise OSError("service down")
    calls.append((payload["n"], message.key if message else None))


@pytest.fixture(autouse=True)
def _calls():
    calls.clear()
    yield


def test_a_rolled_back_change_leaves_no_message(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            outbox.enqueue(record, {"n": 1})
            raise RuntimeError
    assert not OutboxMessage.objects.exists()
    assert calls == []


def test_delivered_once_after_commit_whatever_the_repeats(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = outbox.enqueue(record, {"n": 1}, key="k-1")
        again = outbox.enqueue(record, {"n": 1}, key="k-1")
        assert calls == []  # nothing before the commit
    assert first.pk == again.pk and OutboxMessage.objects.count() == 1
    assert calls == [(1, "k-1")]
    assert delivery.deliver(first.pk) is False  # a retried task
    assert delivery.flush() == 0
    assert calls == [(1, "k-1")]
    assert OutboxMessage.objects.get().delivered_at is not None


def test_one_insert_per_message_and_only_committed_ones_are_delivered(
        django_capture_on_commit_callbacks, django_assert_num_queries):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            with django_assert_num_queries(1):  # no savepoint, no SELECT
                first = outbox.enqueue(record, {"n": 1}, key="k-1")
            with pytest.raises(RuntimeError), transaction.atomic():
                outbox.enqueue(record, {"n": 2})  # its savepoint is rolled back
                raise RuntimeError
            with django_assert_num_queries(2):  # the key is taken: the existing one read
                again = outbox.enqueue(record, {"n": 1}, key="k-1")
            assert again.pk == first.pk and calls == []
    assert calls == [(1, "k-1")]
    assert list(OutboxMessage.objects.values_list("key", flat=True)) == ["k-1"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_key_from_two_connections_at_once_makes_one_message():
    """Two transactions racing on one key: the second waits for the first and inserts
    nothing (no error, no second email), whichever commits first."""
    import threading

    from django.db import connections

    results = []

    def racer():
        try:
            with transaction.atomic():
                results.append(outbox.enqueue(record, {"n": 2}, key="race"))
        finally:
            connections.close_all()

    with transaction.atomic():
        mine = outbox.enqueue(record, {"n": 1}, key="race")
        thread = threading.Thread(target=racer)
        thread.start()
        thread.join(timeout=1)
        assert thread.is_alive()  # waiting on the uncommitted key
    thread.join(timeout=10)
    assert not thread.is_alive()
    assert [m.pk for m in results] == [mine.pk]
    assert list(OutboxMessage.objects.values_list("key", "payload")) == [("race", {"n": 1})]


def test_a_failing_delivery_rolls_back_its_writes_and_waits_longer_each_time():
    from core.models import Territory

    message = OutboxMessage.objects.create(handler=record.outbox_handler,
                                           payload={"fail": True})
    now = timezone.now()
    delays = []
    for attempt in range(1, delivery.MAX_ATTEMPTS + 1):
        assert delivery.deliver(message.pk, now=now) is False
        message.refresh_from_db()
        assert message.attempts == attempt and "OSError: service down" in message.last_error
        delays.append(message.available_at - now)
        now = message.available_at + timedelta(seconds=1)
    assert not Territory.objects.filter(insee_code="99999").exists()
    # 30 s, 1 min, 2 min… up to two hours between attempts.
    assert delays[0] >= timedelta(seconds=30) and delays[1] >= timedelta(seconds=60)
    assert all(later >= earlier - timedelta(seconds=1) for earlier, later
               in zip(delays, delays[1:], strict=False))
    assert max(delays) <= timedelta(hours=2, seconds=1)
    assert message.failed_at is not None  # given up: shown in the admin and /healthz
    assert delivery.deliver(message.pk, now=now + timedelta(days=1)) is False
    assert delivery.retry_now(OutboxMessage.objects.filter(pk=message.pk)) == 1
    message.refresh_from_db()
    assert (message.failed_at, message.attempts) == (None, 0)


def test_only_marked_handlers_are_run():
    message = OutboxMessage.objects.create(handler="os.system", payload={})
    assert delivery.deliver(message.pk) is False
    message.refresh_from_db()
    assert "is not an outbox handler" in message.last_error


def test_delivered_messages_are_forgotten_after_a_week():
    old = OutboxMessage.objects.create(handler=record.outbox_handler, payload={"n": 1},
                                       delivered_at=timezone.now() - timedelta(days=8))
    recent = OutboxMessage.objects.create(handler=record.outbox_handler, payload={"n": 2},
                                          delivered_at=timezone.now())
    waiting = OutboxMessage.objects.create(handler=record.outbox_handler, payload={"n": 3})
    assert delivery.purge() == 1
    assert set(OutboxMessage.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
    assert not OutboxMessage.objects.filter(pk=old.pk).exists()


def test_healthz_reports_the_backlog(client):
    OutboxMessage.objects.create(handler=record.outbox_handler, payload={"n": 1},
                                 created_at=timezone.now() - timedelta(minutes=20))
    state = client.get("/healthz").json()["checks"]["outbox"]
    assert state["pending"] == 1 and state["failed"] == 0
    assert state["oldest_seconds"] >= 20 * 60 and state["ok"] is False


def test_essaim_outbox_flushes_and_reports():
    OutboxMessage.objects.create(handler=record.outbox_handler, payload={"n": 7})
    out = StringIO()
    call_command("outbox", "flush", stdout=out)
    assert "1 delivered." in out.getvalue() and "0 waiting" in out.getvalue()
    assert calls[0][0] == 7


def test_operators_see_and_retry_messages_in_the_admin(client,
                                                       django_capture_on_commit_callbacks):
    failed = OutboxMessage.objects.create(handler=record.outbox_handler, payload={"n": 1},
                                          attempts=10, failed_at=timezone.now(),
                                          last_error="OSError: service down")
    admin = get_user_model().objects.create_superuser("ops", "ops@example.org", "x" * 12)
    editor = get_user_model().objects.create_user("ed", "ed@example.org", "x" * 12,
                                                  is_staff=True)
    client.force_login(editor)
    assert client.get("/admin/outbox/").status_code in (302, 403)
    client.force_login(admin)
    index = client.get("/admin/outbox/")
    assert index.status_code == 200 and "OSError: service down" in index.content.decode()
    assert client.get(f"/admin/outbox/inspect/{failed.pk}/").status_code == 200
    assert client.get(f"/admin/outbox/edit/{failed.pk}/").status_code in (302, 403)
    assert client.get("/admin/outbox/retry/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/outbox/retry/")
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.failed_at is None and failed.delivered_at is not None  # delivered now


def test_control_characters_never_reach_the_database():
    from core.models import Territory

    territory = Territory.objects.create(name="Ville\x00\x0bNouvelle", insee_code="12345")
    territory.refresh_from_db()
    assert territory.name == "VilleNouvelle" == strip_control_characters("Ville\x0bNouvelle")


def test_with_a_broker_requests_hand_their_ids_to_one_publisher_that_batches_them(
        settings, monkeypatch):
    """No request waits for the broker: the ids queued while one message is being sent
    go out together in the next one, each exactly once."""
    import threading

    from core.outbox import tasks

    settings.CELERY_TASK_ALWAYS_EAGER = False
    sent, first_sending, release = [], threading.Event(), threading.Event()

    def apply_async(args, retry):
        first_sending.set()
        release.wait(5)  # a slow broker
        ids = args[0]
        sent.append(ids if isinstance(ids, list) else [ids])

    for task in (tasks.deliver_message, tasks.deliver_messages):
        monkeypatch.setattr(task, "apply_async", apply_async)
    publisher = delivery._Publisher()
    monkeypatch.setattr(delivery, "_publisher", publisher)
    delivery.kick(1)
    assert first_sending.wait(5)
    threads = [threading.Thread(target=delivery.kick, args=([n, n + 100],))
               for n in range(2, 12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    assert sent == []  # every request returned while the broker was still busy
    release.set()
    for _ in range(100):
        if sum(len(ids) for ids in sent) == 21:
            break
        threading.Event().wait(0.05)
    assert sorted(i for ids in sent for i in ids) == sorted(
        [1, *range(2, 12), *range(102, 112)])
    assert len(sent) == 2  # the first id alone, then the twenty that waited


def test_ids_still_waiting_at_exit_are_sent(settings, monkeypatch):
    from core.outbox import tasks

    settings.CELERY_TASK_ALWAYS_EAGER = False
    sent = []
    monkeypatch.setattr(tasks.deliver_messages, "apply_async",
                        lambda args, retry: sent.append(args[0]))
    publisher = delivery._Publisher()
    publisher.pid = __import__("os").getpid()
    publisher.queue.put([7, 8])
    publisher.queue.put([9])
    publisher.drain()
    assert sent == [[7, 8, 9]]
