"""What must leave the system (emails, domain events, search writes), as rows written in
the same transaction as the change that causes them."""

import uuid

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxState(models.TextChoices):
    PENDING = "pending", _("waiting for delivery")
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", _("given up")


class OutboxMessage(models.Model):
    handler = models.CharField(_("handler"), max_length=200,
                               help_text=_("Dotted path of the function that delivers it."))
    key = models.CharField(_("idempotency key"), max_length=255, unique=True,
                           default=uuid.uuid4)
    payload = models.JSONField(_("payload"), default=dict, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    available_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_until = models.DateTimeField(_("being delivered until"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("given up at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The flush task's query: what is still to deliver, soonest first.
            models.Index(fields=["available_at", "id"], name="outbox_due_idx",
                         condition=Q(delivered_at__isnull=True, failed_at__isnull=True)),
            models.Index(fields=["delivered_at"], name="outbox_delivered_idx"),
        ]

    def __str__(self):
        return f"{self.handler} #{self.pk}"

    @property
    def state(self):
        if self.delivered_at:
            return OutboxState.DELIVERED
        if self.failed_at:
            return OutboxState.FAILED
        return OutboxState.PENDING

    def get_state_display(self):
        return OutboxState(self.state).label
