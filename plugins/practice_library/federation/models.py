"""What federation stores: the log this instance publishes, its subscriptions, and the
sheets received from them."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from types import SimpleNamespace
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.models import PopulationBracket, Region, TerritoryKind


class Activity(models.TextChoices):
    CREATE = "Create", _("published")
    UPDATE = "Update", _("updated")
    DELETE = "Delete", _("withdrawn")


# --- Publishing -----------------------------------------------------------------------


class SequenceCounter(models.Model):
    """One row: the last sequence number given to an event. Taking the next one locks the
    row until the publishing transaction commits, so sequence numbers become visible in
    increasing order and a reader's cursor never skips an event committed late."""

    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("sequence counter")

    def __str__(self):
        return str(self.value)


class FederationEvent(models.Model):
    """The latest change of one sheet, as the outbox serves it.

    A sheet has at most one event: a new change replaces the old one under a higher
    sequence number, so the log stays as long as the number of sheets ever published,
    pages are cut by sequence number (never by offset) and a cursor never shifts.
    """

    sequence = models.PositiveBigIntegerField(_("sequence"), unique=True)
    sheet_key = models.UUIDField(_("sheet identifier"), unique=True,
                                 help_text=_("The sheet's stable public identifier."))
    sheet_id = models.PositiveIntegerField(_("sheet id"), db_index=True)
    activity = models.CharField(_("activity"), max_length=10, choices=Activity.choices)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("federation event")
        verbose_name_plural = _("federation events")
        ordering = ["sequence"]

    def __str__(self):
        return f"{self.sequence} {self.activity} {self.sheet_key}"


# --- Subscribing ----------------------------------------------------------------------


class Subscription(models.Model):
    """Another Essaim instance whose library this one follows."""

    address = models.URLField(_("address"), max_length=500, unique=True,
                              help_text=_("The address of the other instance's federation "
                                          "document, e.g. https://participation.blois.fr/"
                                          "federation/"))
    actor_id = models.URLField(_("identifier"), max_length=500, blank=True)
    outbox_url = models.URLField(_("outbox"), max_length=500, blank=True)
    origin = models.CharField(_("origin"), max_length=255, unique=True,
                              help_text=_("Host of the instance: the value of the "
                                          "“Origin” facet."))
    name = models.CharField(_("name"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    site_url = models.URLField(_("site"), max_length=500, blank=True)
    logo_url = models.URLField(_("logo"), max_length=500, blank=True)

    cursor = models.URLField(_("resume from"), max_length=1000, blank=True,
                             help_text=_("The outbox page the next synchronisation starts "
                                         "from."))
    etag = models.CharField(_("ETag"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("subscribed at"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("subscribed by"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last successful synchronisation"), null=True,
                                           blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True)
    failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    syncing_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["name", "origin"]

    def __str__(self):
        return self.name or self.origin

    @property
    def display_name(self):
        return self.name or self.origin


def origin_of(url: str) -> str:
    """``host[:port]`` of an address: a subscription's facet value."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    default = {"https": 443, "http": 80}.get(parts.scheme)
    return host if parts.port in (None, default) else f"{host}:{parts.port}"


class Labels(list):
    """Taxonomy values of a received sheet, read like a page's related manager
    (``sheet.mechanisms.all``) by the templates both kinds of sheets share."""

    def all(self):
        return self


class Label(SimpleNamespace):
    def __str__(self):
        return self.name


class VisibleRemoteSheets(models.QuerySet):
    def visible(self):
        return self.filter(hidden=False)


class RemoteSheet(models.Model):
    """A practice sheet received from another instance: read-only, kept as it was sent
    (validated and sanitised), replaced by its updates, removed by its withdrawal."""

    subscription = models.ForeignKey(Subscription, verbose_name=_("instance"),
                                     on_delete=models.CASCADE, related_name="sheets")
    remote_id = models.URLField(_("identifier"), max_length=500)
    url = models.URLField(_("original address"), max_length=500)
    title = models.CharField(_("title"), max_length=255)
    licence = models.CharField(_("licence"), max_length=20)
    adapted_from_url = models.URLField(_("adapted from"), max_length=500, blank=True,
                                       db_index=True)
    data = models.JSONField(_("content"), default=dict)
    published = models.DateTimeField(_("published on its site"), null=True, blank=True)
    updated = models.DateTimeField(_("updated on its site"), null=True, blank=True)
    fetched_at = models.DateTimeField(_("fetched at"), default=timezone.now)
    hidden = models.BooleanField(_("hidden"), default=False,
                                 help_text=_("Hidden sheets are neither listed nor shown."))
    hidden_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("hidden by"),
                                  null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")

    objects = VisibleRemoteSheets.as_manager()

    class Meta:
        verbose_name = _("practice sheet from another site")
        verbose_name_plural = _("practice sheets from other sites")
        ordering = ["title"]
        constraints = [models.UniqueConstraint(fields=["subscription", "remote_id"],
                                               name="remote_sheet_unique_per_instance")]

    def __str__(self):
        return self.title

    is_remote = True

    def get_absolute_url(self):
        return reverse("practice_library:remote_sheet", args=[self.pk])

    # --- the interface templates share with PracticeSheetPage ----------------------

    @cached_property
    def territory(self):
        data = self.data.get("territory") or {}
        kind, region = data.get("kind") or "", data.get("region") or ""
        population = data.get("population")
        return SimpleNamespace(
            name=data.get("name", ""), insee_code=data.get("insee_code", ""),
            kind=kind, region=region, population=population,
            departement=data.get("departement", ""),
            population_bracket=PopulationBracket.for_population(population),
            get_kind_display=lambda: TerritoryKind(kind).label if kind in TerritoryKind.values
            else kind,
            get_region_display=lambda: Region(region).label if region in Region.values
            else region)

    @property
    def key_points(self):
        return list(self.data.get("key_points") or [])

    @property
    def key_point_1(self):
        return (self.key_points or [""])[0]

    def _dated(self, name):
        value = self.data.get(name)
        try:
            return datetime.date.fromisoformat(value) if value else None
        except (TypeError, ValueError):
            return None

    @property
    def start_date(self):
        return self._dated("start_date")

    @property
    def end_date(self):
        return self._dated("end_date")

    @property
    def total_cost(self):
        value = self.data.get("total_cost")
        try:
            return Decimal(value) if value is not None else None
        except (InvalidOperation, TypeError):
            return None

    def _labels(self, name):
        return Labels(Label(slug=item.get("slug", ""), name=item["name"])
                      for item in self.data.get(name) or [])

    @cached_property
    def challenges(self):
        return self._labels("challenges")

    @cached_property
    def mechanisms(self):
        return self._labels("mechanisms")

    @cached_property
    def themes(self):
        return self._labels("themes")

    @cached_property
    def audiences(self):
        return self._labels("audiences")

    def _choice_label(self, name, choices):
        value = self.data.get(name) or ""
        return choices(value).label if value in choices.values else value

    @property
    def participation_level(self):
        return self.data.get("participation_level") or ""

    def get_participation_level_display(self):
        from core.models import ParticipationLevel

        return self._choice_label("participation_level", ParticipationLevel)

    @property
    def recruitment(self):
        return self.data.get("recruitment") or ""

    def get_recruitment_display(self):
        from plugins.practice_library.models import Recruitment

        return self._choice_label("recruitment", Recruitment)

    def get_status_display(self):
        from plugins.practice_library.models import SheetStatus

        return self._choice_label("status", SheetStatus)

    @property
    def volunteers_count(self):
        return self.data.get("volunteers_count")

    @property
    def drawn_count(self):
        return self.data.get("drawn_count")

    @property
    def participants_count(self):
        return self.data.get("participants_count")

    @property
    def staff_time(self):
        return self.data.get("staff_time") or ""

    @property
    def programme(self):
        return self.data.get("programme") or ""

    def slugs(self, name):
        return [item["slug"] for item in self.data.get(name) or [] if item.get("slug")]

    @property
    def sections(self):
        return [(section["heading"], section["html"]) for section in
                self.data.get("sections") or [] if section.get("html")]

    @property
    def contact(self):
        return self.data.get("contact") or None

    @property
    def instance_name(self):
        return self.subscription.display_name

    @transaction.atomic
    def set_hidden(self, hidden: bool, user=None):
        from search.tasks import enqueue_sync

        from .documents import remote_object_id

        self.hidden, self.hidden_by = hidden, (user if hidden else None)
        self.save(update_fields=["hidden", "hidden_by"])
        enqueue_sync("practice_sheet", remote_object_id(self))
