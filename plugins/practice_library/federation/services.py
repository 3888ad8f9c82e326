"""Use cases of federation: subscribe, synchronise, unsubscribe, hide a remote sheet.

A synchronisation reads the subscription's outbox from its cursor, a bounded number
of pages per run, each page applied in one transaction with the cursor that follows
it (an interrupted run resumes where it stopped). Only a Celery task or a command
ever calls the network: no page of the site waits for another instance.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import outbox
from core.remote import RemoteError, fetch_json

from . import schema
from .models import RemoteSheet, Subscription, origin_of

logger = logging.getLogger("essaim.federation")

FIRST_RETRY = timedelta(minutes=5)
LONGEST_RETRY = timedelta(hours=24)
CLAIM = timedelta(minutes=10)
MAX_REFUSALS_SHOWN = 3


def setting(name, default):
    return getattr(settings, f"ESSAIM_FEDERATION_{name}", default)


def max_pages() -> int:
    return setting("MAX_PAGES_PER_RUN", 20)


def max_items() -> int:
    return setting("MAX_ITEMS_PER_PAGE", 200)


def max_bytes() -> int:
    return setting("MAX_RESPONSE_BYTES", 2 * 1024 * 1024)


class FederationError(Exception):
    """Subscribing failed; the message is safe to show to moderators."""


@dataclass
class SyncReport:
    pages: int = 0
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    refused: list = field(default_factory=list)
    not_modified: bool = False
    more: bool = False  # stopped at the page limit: the next run goes on
    error: str = ""

    @property
    def ok(self):
        return not self.error

    def summary(self) -> str:
        if self.error:
            return _("failed: %(error)s") % {"error": self.error}
        text = _("%(created)s new, %(updated)s updated, %(deleted)s removed, %(unchanged)s "
                 "unchanged, %(refused)s refused") % {
            "created": self.created, "updated": self.updated, "deleted": self.deleted,
            "unchanged": self.unchanged, "refused": len(self.refused)}
        if self.more:
            text += " " + _("(more to fetch on the next run)")
        return text


# --- subscribing ----------------------------------------------------------------------


def read_actor(address: str) -> dict:
    """The Subscription fields of the instance at ``address`` (network call)."""
    try:
        response, document = fetch_json(address, max_bytes=max_bytes())
        fields = schema.clean_actor(document, address)
    except RemoteError as exc:
        raise FederationError(str(exc)) from None
    except schema.Invalid as exc:
        raise FederationError(_("%(address)s is not an Essaim federation document: "
                                "%(error)s") % {"address": address, "error": exc}) from None
    # An instance speaks for its own address only: the document must say it is the one
    # that was fetched (a hostile host cannot pass itself off as another instance).
    if schema.origin_of_url(fields["actor_id"]) != schema.origin_of_url(response.url):
        raise FederationError(_("%(address)s describes another address (%(id)s).")
                              % {"address": response.url, "id": fields["actor_id"]})
    return fields


def subscribe(address: str, user=None) -> Subscription:
    """Follow the instance at ``address`` (its federation document); does not sync."""
    address = address.strip()
    if Subscription.objects.filter(address=address).exists():
        raise FederationError(_("This instance is already followed."))
    fields = read_actor(address)
    origin = origin_of(fields["actor_id"])
    if Subscription.objects.filter(Q(origin=origin) | Q(actor_id=fields["actor_id"])).exists():
        raise FederationError(_("This instance is already followed."))
    if _is_self(fields["actor_id"]):
        raise FederationError(_("This is the address of this site itself."))
    return Subscription.objects.create(address=address, origin=origin, created_by=user,
                                       **fields)


def _is_self(actor_id: str) -> bool:
    from .activitystreams import actor_url

    return actor_id.rstrip("/") == actor_url().rstrip("/")


@transaction.atomic
def unsubscribe(subscription: Subscription) -> int:
    """Stop following an instance and remove every sheet received from it."""
    count = subscription.sheets.count()
    subscription.delete()  # the sheets go with it; their index entries on commit
    return count


def find(address: str) -> Subscription | None:
    address = address.strip()
    return (Subscription.objects.filter(address=address).first()
            or Subscription.objects.filter(origin=origin_of(address)).first())


# --- synchronising --------------------------------------------------------------------


def due(now=None):
    now = now or timezone.now()
    return (Subscription.objects.filter(next_attempt_at__lte=now)
            .filter(Q(syncing_until__isnull=True) | Q(syncing_until__lt=now)))


def _claim(subscription, now) -> bool:
    """The conditional update is the claim: two workers never sync one subscription."""
    return bool(Subscription.objects.filter(pk=subscription.pk).filter(
        Q(syncing_until__isnull=True) | Q(syncing_until__lt=now)).update(
        syncing_until=now + CLAIM, last_attempt_at=now))


def retry_delay(failures: int) -> timedelta:
    return min(FIRST_RETRY * 2 ** max(failures - 1, 0), LONGEST_RETRY)


def sync(subscription: Subscription, pages: int | None = None) -> SyncReport:
    """Fetch and apply what changed since the last run; errors are recorded, not raised."""
    now = timezone.now()
    report = SyncReport()
    if not _claim(subscription, now):
        report.error = _("a synchronisation of this instance is already running")
        return report
    try:
        _run(subscription, report, pages or max_pages())
    except (RemoteError, schema.Invalid) as exc:
        report.error = str(exc)[:1000]
    except Exception as exc:  # a bug must not wedge the subscription: recorded, retried
        logger.exception("Federation sync of %s failed", subscription.origin)
        report.error = f"{exc.__class__.__name__}: {exc}"[:1000]
    _finish(subscription, report)
    return report


def _finish(subscription, report):
    now = timezone.now()
    changes = {"syncing_until": None}
    if report.error:
        failures = subscription.failures + 1
        changes.update(failures=failures, last_error=report.error, last_error_at=now,
                       next_attempt_at=now + retry_delay(failures))
        logger.warning("Federation sync of %s failed (%s in a row): %s",
                       subscription.origin, failures, report.error)
    else:
        changes.update(failures=0, last_success_at=now,
                       next_attempt_at=now if report.more else now + interval())
        if report.refused:
            changes.update(last_error=_("%(count)s item(s) refused: %(reasons)s") % {
                "count": len(report.refused),
                "reasons": "; ".join(report.refused[:MAX_REFUSALS_SHOWN])}, last_error_at=now)
        else:
            changes.update(last_error="")
    Subscription.objects.filter(pk=subscription.pk).update(**changes)
    for name, value in changes.items():
        setattr(subscription, name, value)


def interval() -> timedelta:
    return timedelta(seconds=setting("SYNC_INTERVAL_SECONDS", 15 * 60))


def _first_url(subscription) -> str:
    if subscription.cursor:
        return subscription.cursor
    _response, collection = fetch_json(subscription.outbox_url, max_bytes=max_bytes())
    collection = schema._object(collection, "outbox", required=True)
    if collection.get("type") not in ("OrderedCollection", "Collection"):
        raise schema.Invalid("outbox.type: must be OrderedCollection")
    first = collection.get("first")
    if isinstance(first, dict):
        first = first.get("id")
    return schema.check_address(first, "outbox.first", _origin(subscription))


def _origin(subscription) -> str:
    return schema.origin_of_url(subscription.actor_id)


def _run(subscription, report, pages):
    origin = _origin(subscription)
    url = _first_url(subscription)
    seen = set()
    known = schema.known_slugs()
    etag = subscription.etag
    for number in range(pages):
        if url in seen:
            raise RemoteError(_("the outbox pages loop back to %(url)s") % {"url": url})
        seen.add(url)
        headers = {"If-None-Match": etag} if (etag and number == 0) else {}
        response, page = fetch_json(url, headers=headers, max_bytes=max_bytes())
        if page is None:  # 304: nothing new since the last run
            report.not_modified = True
            return
        page = schema._object(page, "page", required=True)
        items = page.get("orderedItems", page.get("items"))
        items = schema._list(items, "page.orderedItems", max_items())
        following = page.get("next")
        if isinstance(following, dict):
            following = following.get("id")
        following = schema.check_address(following, "page.next", origin, required=False)
        with transaction.atomic():
            existing = _existing(subscription, items)
            touched = [pk for item in items
                       if (pk := _apply(subscription, item, origin, known, report, existing))]
            resume = following or url
            # The ETag of the page to resume from: the next run asks it conditionally.
            resume_etag = "" if following else response.headers.get("etag", "")[:255]
            Subscription.objects.filter(pk=subscription.pk).update(cursor=resume,
                                                                   etag=resume_etag)
            subscription.cursor, subscription.etag = resume, resume_etag
            if touched:
                outbox.enqueue(index_remote_sheets, {"ids": touched})
        report.pages += 1
        etag = ""
        if not following:
            return
        url = following
    report.more = True


def _existing(subscription, items) -> dict:
    """The sheets of this subscription the page's activities name, in one query."""
    ids = []
    for item in items:
        target = item.get("object") if isinstance(item, dict) else None
        target = target.get("id") if isinstance(target, dict) else target
        if isinstance(target, str):
            ids.append(target[:500])
    return {sheet.remote_id: sheet for sheet in
            RemoteSheet.objects.filter(subscription=subscription, remote_id__in=ids)}


def _apply(subscription, item, origin, known, report, existing) -> int | None:
    """Apply one activity; the id of the RemoteSheet created or updated, if any."""
    try:
        item = schema._object(item, "activity", required=True)
        kind = item.get("type")
        actor = item.get("actor")
        if isinstance(actor, dict):
            actor = actor.get("id")
        if actor is not None and actor != subscription.actor_id:
            raise schema.Invalid("activity.actor: not the instance that sent it")
        if kind == "Delete":
            target = item.get("object")
            target = target.get("id") if isinstance(target, dict) else target
            remote_id = schema.check_address(target, "object.id", origin)
            # Scoped to this subscription: an instance withdraws only what it sent.
            sheet = existing.pop(remote_id, None)
            if sheet is not None:
                sheet.delete()
                report.deleted += 1
            return None
        if kind not in ("Create", "Update"):
            raise schema.Invalid(f"activity.type: “{str(kind)[:30]}” is not Create, Update "
                                 "or Delete")
        fields = schema.clean_article(item.get("object"), origin, known)
    except schema.Invalid as exc:
        report.refused.append(str(exc)[:300])
        return None
    sheet = existing.get(fields["remote_id"])
    if sheet is not None:
        if sheet.updated and fields["updated"] and fields["updated"] < sheet.updated:
            report.unchanged += 1  # an older version arriving late
            return None
        if all(getattr(sheet, name) == value for name, value in fields.items()):
            report.unchanged += 1
            return None
        for name, value in fields.items():
            setattr(sheet, name, value)
        sheet.fetched_at = timezone.now()
        sheet.save()
        report.updated += 1
        return sheet.pk
    sheet = RemoteSheet.objects.create(subscription=subscription, **fields)
    existing[sheet.remote_id] = sheet  # the same sheet twice in a page
    report.created += 1
    return sheet.pk


@outbox.handler
def index_remote_sheets(payload, message=None):
    """Bring the search engines in line with a page of received sheets, in bulk."""
    from search import api

    from .documents import prepare_remote, remote_object_id, remote_sheets

    ids = [int(pk) for pk in payload.get("ids", [])]
    found = {sheet.pk: sheet for sheet in remote_sheets().filter(pk__in=ids)}
    items = [(remote_object_id(sheet), prepare_remote(sheet)) for sheet in found.values()]
    if items:
        api.bulk_index("practice_sheet", items)
    for pk in set(ids) - set(found):
        api.delete("practice_sheet", f"remote-{pk}")


def status() -> dict:
    """What /healthz says about federation: counts and the last error, no network call."""
    subscriptions = list(Subscription.objects.values("origin", "failures", "last_error",
                                                     "last_success_at", "last_error_at"))
    failing = [s for s in subscriptions if s["failures"]]
    # Another instance being down is not this site failing: "ok" stays true, the error
    # is there to read.
    state = {"ok": True, "subscriptions": len(subscriptions), "failing": len(failing)}
    if failing:
        worst = max(failing, key=lambda s: s["last_error_at"] or timezone.now())
        state["last_error"] = f"{worst['origin']}: {worst['last_error']}"[:300]
    return state
