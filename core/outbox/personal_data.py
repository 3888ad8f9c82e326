"""Outgoing messages as a personal-data source: an email waiting (or sent a few days
ago) names its recipient."""

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.personal_data import PersonalDataSource

from . import delivery
from .models import OutboxMessage


def _addressed_to(email):
    """Messages whose payload names ``email`` (emails and "my data" links)."""
    messages = OutboxMessage.objects.only("pk", "payload", "handler", "created_at",
                                          "delivered_at")
    if connection.vendor == "postgresql":
        yield from messages.filter(Q(payload__to__contains=[email]) | Q(payload__email=email))
        return
    for message in messages:  # SQLite has no JSON containment: few rows (a week's)
        payload = message.payload or {}
        recipients = payload.get("to") or [payload.get("email")]
        if email in [str(r).lower() for r in recipients if r]:
            yield message


def _export(email):
    return [{"kind": message.handler.rsplit(".", 1)[-1],
             "created_at": message.created_at.isoformat(),
             "delivered_at": message.delivered_at.isoformat() if message.delivered_at else None}
            for message in _addressed_to(email)]


def _erase(email, now):
    ids = [message.pk for message in _addressed_to(email)]
    return OutboxMessage.objects.filter(pk__in=ids).delete()[0]


def outbox_source() -> PersonalDataSource:
    days = getattr(settings, "ESSAIM_OUTBOX_RETENTION_DAYS", 7)
    return PersonalDataSource(
        name="outbox", label=_("Emails being sent"),
        kept=_("The emails the site sends you (address and content), until they are "
               "delivered, then a few days in case one must be sent again."),
        retention=ngettext_lazy("%(days)d day after sending.", "%(days)d days after sending.",
                                days) % {"days": days},
        # Passing emails alone (the "my data" link's own among them) are no reason to
        # send a "my data" link; they are still exported and erased with the rest.
        holds=lambda email: False,
        export=_export, erase=_erase, purge=delivery.purge)
