"""Charter use cases: adopt a version, compare versions and charters, endorse."""

from __future__ import annotations

import difflib
import logging
import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core import events, outbox
from core.models import ParticipationLevel
from core.tokens import InvalidToken, digest_matches, email_digest, make_token, read_token

from .models import (
    CharterPage,
    CharterStatus,
    CharterVersion,
    Endorsement,
    EndorserKind,
    GuaranteeKind,
)

logger = logging.getLogger(__name__)

ENDORSEMENT_TOKEN_PURPOSE = "charters.endorsement"
MIN_COMPARED, MAX_COMPARED = 2, 4
MAX_ID = 2**63


# --- Versions -------------------------------------------------------------------


@transaction.atomic
def adopt_version(charter: CharterPage, *, adopted_on, deliberation_reference="",
                  note="") -> CharterVersion:
    """Freeze the charter's current commitments as its next adopted version.

    The charter records the adoption (status, date, deliberation) and plugins
    hear ``charter_adopted`` once the transaction commits.
    """
    charter = CharterPage.objects.select_for_update().get(pk=charter.pk)
    last = charter.versions.aggregate(last=Max("number"))["last"] or 0
    version = CharterVersion.objects.create(
        charter=charter, number=last + 1, adopted_on=adopted_on,
        deliberation_reference=deliberation_reference, note=note,
        commitments=[c.snapshot() for c in charter.commitments.all()],
    )
    charter.status = CharterStatus.REVISED if last else CharterStatus.ADOPTED
    charter.adopted_on, charter.deliberation_reference = adopted_on, deliberation_reference
    if charter.live and not charter.has_unpublished_changes:
        # Keep the editor's next draft in step with the adoption.
        charter.save_revision(log_action=False).publish(log_action=False)
    else:
        charter.save(update_fields=["status", "adopted_on", "deliberation_reference"])
    events.emit("charter_adopted", charter=charter)
    return version


@dataclass
class TextChange:
    """A field compared word by word: ``segments`` is a list of (op, text), op in
    "equal", "insert", "delete"."""

    field: str
    label: str
    segments: list


@dataclass
class CommitmentChange:
    status: str  # "added", "removed", "changed"
    title: str
    before: dict | None = None
    after: dict | None = None
    changes: list[TextChange] = field(default_factory=list)


@dataclass
class VersionDiff:
    older: CharterVersion
    newer: CharterVersion
    added: list[CommitmentChange]
    removed: list[CommitmentChange]
    changed: list[CommitmentChange]
    unchanged: int

    @property
    def is_empty(self):
        return not (self.added or self.removed or self.changed)


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """Segments turning ``before`` into ``after``, compared word by word."""
    old, new = re.findall(r"\S+\s*", before or ""), re.findall(r"\S+\s*", after or "")
    segments = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(("equal", "".join(old[i1:i2])))
            continue
        if op in ("delete", "replace"):
            segments.append(("delete", "".join(old[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(("insert", "".join(new[j1:j2])))
    return segments


def _label(choices, value):
    return str(dict(choices.choices).get(value, value))


COMPARED_FIELDS = [
    ("title", _("Title"), None),
    ("text", _("Text"), None),
    ("level", _("Participation level"), ParticipationLevel),
    ("guarantee_kind", _("Guarantee mechanism"), GuaranteeKind),
    ("indicator", _("Follow-up indicator"), None),
]


def diff_versions(older: CharterVersion, newer: CharterVersion) -> VersionDiff:
    """What changed in the commitments between two adopted versions."""
    if older.number > newer.number:
        older, newer = newer, older
    before = {c["key"]: c for c in older.commitments}
    after = {c["key"]: c for c in newer.commitments}
    added = [CommitmentChange("added", c["title"], after=c)
             for key, c in after.items() if key not in before]
    removed = [CommitmentChange("removed", c["title"], before=c)
               for key, c in before.items() if key not in after]
    changed, unchanged = [], 0
    for key, new in after.items():
        old = before.get(key)
        if old is None:
            continue
        changes = []
        for name, label, choices in COMPARED_FIELDS:
            old_value, new_value = old.get(name, ""), new.get(name, "")
            if old_value == new_value:
                continue
            if choices is not None:
                old_value, new_value = _label(choices, old_value), _label(choices, new_value)
            changes.append(TextChange(name, label, word_diff(old_value, new_value)))
        if changes:
            changed.append(CommitmentChange("changed", new["title"], old, new, changes))
        else:
            unchanged += 1
    return VersionDiff(older, newer, added, removed, changed, unchanged)


# --- Comparison of charters -------------------------------------------------------


class ComparisonError(ValueError):
    pass


@dataclass
class ComparisonGroup:
    label: str
    cells: list  # one list of commitments per compared charter


def charters_to_compare(ids) -> list[CharterPage]:
    """The live charters named by ``ids``, in the order given; 2 to 4 of them."""
    try:
        wanted = list(dict.fromkeys(int(i) for i in ids))
    except (TypeError, ValueError) as exc:
        raise ComparisonError(_("The charters to compare are not valid.")) from exc
    if any(not 0 < pk < MAX_ID for pk in wanted):  # what a database id can be
        raise ComparisonError(_("The charters to compare are not valid."))
    if not MIN_COMPARED <= len(wanted) <= MAX_COMPARED:
        raise ComparisonError(
            _("Choose between %(min)d and %(max)d different charters to compare "
              "(you chose %(count)d).") % {"min": MIN_COMPARED, "max": MAX_COMPARED,
                                           "count": len(wanted)})
    found = {c.pk: c for c in CharterPage.objects.live().public().filter(pk__in=wanted)
             .select_related("territory").prefetch_related("commitments")}
    if len(found) != len(wanted):
        raise ComparisonError(_("One of the chosen charters does not exist or is not "
                                "published."))
    return [found[pk] for pk in wanted]


def _grouped(charters, attribute, choices) -> list[ComparisonGroup]:
    groups = []
    for value, label in choices.choices:
        cells = [[c for c in charter.commitments.all() if getattr(c, attribute) == value]
                 for charter in charters]
        if any(cells):
            groups.append(ComparisonGroup(str(label), cells))
    return groups


def compare_charters(charters: list[CharterPage]) -> dict:
    """Commitments of each charter side by side, by participation level and guarantee."""
    by_level = _grouped(charters, "level", ParticipationLevel)
    return {
        "charters": charters,
        "by_level": by_level,
        "by_guarantee": _grouped(charters, "guarantee_kind", GuaranteeKind),
        "commitment_links": commitment_links(
            [c for charter in charters for c in charter.commitments.all()]),
    }


def commitment_links(commitments) -> dict:
    """{commitment pk: links} that plugins attach to these commitments, in one call per
    plugin (the ``commitment_links`` hook); a failing plugin is logged and skipped, so a
    charter page never breaks because of it."""
    from core.plugin_manager import get_plugin_manager

    commitments = list(commitments)
    links = {}
    if not commitments:
        return links
    for impl in reversed(get_plugin_manager().hook.commitment_links.get_hookimpls()):
        try:
            contributed = impl.function(commitments=commitments) or {}
        except Exception:
            logger.exception("Plugin %r failed in commitment_links", impl.plugin_name)
            continue
        for pk, items in contributed.items():
            links.setdefault(pk, []).extend(items)
    return links


# --- Endorsements ----------------------------------------------------------------


def endorsement_link_max_age() -> timedelta:
    return timedelta(days=getattr(settings, "ESSAIM_CHARTERS_ENDORSEMENT_LINK_DAYS", 7))


def endorsement_token(endorsement: Endorsement) -> str:
    return make_token(ENDORSEMENT_TOKEN_PURPOSE, [endorsement.pk,
                                                  email_digest(endorsement.email)])


def request_endorsement(charter: CharterPage, *, kind, name, email, organisation="",
                        show_name=False, confirm_url_for) -> Endorsement:
    """Record an unconfirmed endorsement and email its confirmation link on commit.

    One endorsement per email and charter: asking again re-sends the link while
    unconfirmed and changes nothing once confirmed. ``confirm_url_for(token)``
    turns a token into the absolute link to put in the email.
    """
    from .tasks import deliver_endorsement_confirmation

    email = email.strip()
    with transaction.atomic():
        endorsement = (Endorsement.objects.select_for_update()
                       .filter(charter=charter, email__iexact=email).first())
        if endorsement is None:
            try:
                with transaction.atomic():
                    endorsement = Endorsement.objects.create(
                        charter=charter, kind=kind, name=name, email=email,
                        organisation=organisation if kind == EndorserKind.ORGANISATION else "",
                        show_name=show_name)
            except IntegrityError:  # the same person submitting twice at once
                endorsement = Endorsement.objects.get(charter=charter, email__iexact=email)
        elif not endorsement.is_confirmed:
            endorsement.kind, endorsement.name, endorsement.show_name = kind, name, show_name
            endorsement.organisation = (organisation if kind == EndorserKind.ORGANISATION
                                        else "")
            endorsement.save(update_fields=["kind", "name", "organisation", "show_name"])
        if not endorsement.is_confirmed:
            outbox.enqueue(deliver_endorsement_confirmation, {
                "endorsement": endorsement.pk,
                "url": confirm_url_for(endorsement_token(endorsement)),
                "language": translation.get_language() or settings.LANGUAGE_CODE})
    return endorsement


def endorsement_from_token(charter: CharterPage, token: str) -> Endorsement:
    """The endorsement a link confirms; raise core.tokens.TokenError if it cannot."""
    value = read_token(ENDORSEMENT_TOKEN_PURPOSE, token, max_age=endorsement_link_max_age())
    try:
        pk, digest = value
        pk = int(pk)
        if not 0 < pk < 2**63:
            raise ValueError(pk)
        endorsement = Endorsement.objects.get(pk=pk, charter=charter)
    except (TypeError, ValueError, OverflowError, Endorsement.DoesNotExist) as exc:
        raise InvalidToken() from exc
    if not digest_matches(endorsement.email, digest):
        raise InvalidToken()
    return endorsement


@transaction.atomic
def confirm_endorsement(endorsement: Endorsement) -> bool:
    """Confirm the endorsement; return False if it already was (a replayed link)."""
    updated = (Endorsement.objects.filter(pk=endorsement.pk, confirmed_at__isnull=True)
               .update(confirmed_at=timezone.now()))
    endorsement.refresh_from_db()
    return bool(updated)


@dataclass
class EndorsementSummary:
    organisations: int
    residents: int
    organisation_names: list[str]
    resident_names: list[str]

    @property
    def total(self):
        return self.organisations + self.residents


def endorsement_summary(charter: CharterPage) -> EndorsementSummary:
    confirmed = Endorsement.objects.filter(charter=charter, confirmed_at__isnull=False)
    counts = confirmed.aggregate(
        organisations=Count("pk", filter=Q(kind=EndorserKind.ORGANISATION)),
        residents=Count("pk", filter=Q(kind=EndorserKind.RESIDENT)))
    listed = confirmed.order_by("confirmed_at")
    return EndorsementSummary(
        organisations=counts["organisations"], residents=counts["residents"],
        organisation_names=[e.public_name for e in listed.filter(kind=EndorserKind.ORGANISATION)],
        resident_names=[e.name for e in listed.filter(kind=EndorserKind.RESIDENT,
                                                      show_name=True)],
    )
