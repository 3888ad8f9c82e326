"""The publishing log: every publish, unpublish, move or delete of a practice sheet
writes the sheet's latest event, in the transaction of the change."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from .models import Activity, FederationEvent, SequenceCounter


def next_sequence() -> int:
    """The next sequence number, the counter row locked until the transaction commits."""
    counter, _created = SequenceCounter.objects.select_for_update().get_or_create(pk=1)
    SequenceCounter.objects.filter(pk=1).update(value=F("value") + 1)
    return counter.value + 1


@transaction.atomic
def record(sheet_key, sheet_id, activity) -> FederationEvent | None:
    """Write the sheet's latest event; a Delete of a sheet never published is nothing."""
    previous = FederationEvent.objects.select_for_update().filter(sheet_key=sheet_key).first()
    if activity == Activity.DELETE and (previous is None or
                                        previous.activity == Activity.DELETE):
        return None
    if activity == Activity.UPDATE and (previous is None or
                                        previous.activity == Activity.DELETE):
        activity = Activity.CREATE
    if previous is not None:
        previous.delete()
    return FederationEvent.objects.create(sequence=next_sequence(), sheet_key=sheet_key,
                                          sheet_id=sheet_id, activity=activity)


def _public(sheet) -> bool:
    from plugins.practice_library.models import PracticeSheetPage

    return PracticeSheetPage.objects.live().public().filter(pk=sheet.pk).exists()


def on_published(sender, instance, **kwargs):
    record(instance.translation_key, instance.pk,
           Activity.UPDATE if _public(instance) else Activity.DELETE)


def on_unpublished(sender, instance, **kwargs):
    record(instance.translation_key, instance.pk, Activity.DELETE)


def on_deleted(sender, instance, **kwargs):
    record(instance.translation_key, instance.pk, Activity.DELETE)


def on_moved(sender, instance, **kwargs):
    """A moved sheet has a new address: subscribers get it as an update."""
    from plugins.practice_library.models import PracticeSheetPage

    sheets = PracticeSheetPage.objects.filter(pk=instance.pk) | \
        PracticeSheetPage.objects.descendant_of(instance)
    for sheet in sheets.only("pk", "translation_key", "live"):
        if FederationEvent.objects.filter(sheet_key=sheet.translation_key).exists():
            record(sheet.translation_key, sheet.pk,
                   Activity.UPDATE if _public(sheet) else Activity.DELETE)
