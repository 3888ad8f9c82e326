"""An SMTP server that refuses the connection: the email waits and is retried; once the
server answers it is sent exactly once, with the same Message-ID whatever the attempt."""

from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from core.notifications import send_email_on_commit
from core.outbox import delivery
from core.outbox.models import OutboxMessage

from .services import free_port

pytestmark = pytest.mark.django_db


class Mailbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


def test_an_smtp_failure_is_retried_and_sent_once(settings, django_capture_on_commit_callbacks):
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = False, 3

    with django_capture_on_commit_callbacks(execute=True):
        send_email_on_commit("core/emails/test", ["habitante@example.org"],
                             {"site_name": "Essaim"}, language="fr")
    message = OutboxMessage.objects.get()
    assert (message.attempts, message.delivered_at) == (1, None)
    assert "ConnectionRefusedError" in message.last_error
    assert message.available_at > timezone.now()  # waits before the next attempt
    assert delivery.flush() == 0  # not due yet

    mailbox = Mailbox()
    server = Controller(mailbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        later = timezone.now() + timedelta(minutes=5)
        assert delivery.flush(now=later) == 1
        assert delivery.flush(now=later + timedelta(hours=3)) == 0
    finally:
        server.stop()
    (received,) = mailbox.messages
    assert received.rcpt_tos == ["habitante@example.org"]
    message.refresh_from_db()
    assert message.attempts == 2 and message.delivered_at is not None
    expected = delivery.message_id_header(message)["Message-ID"]
    assert f"Message-ID: {expected}" in received.content.decode()
