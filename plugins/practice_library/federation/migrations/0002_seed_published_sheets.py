"""The sheets published before federation existed enter the log as Create events."""

from django.db import migrations


def seed(apps, schema_editor):
    SequenceCounter = apps.get_model("practice_federation", "SequenceCounter")
    FederationEvent = apps.get_model("practice_federation", "FederationEvent")
    PracticeSheetPage = apps.get_model("practice_library", "PracticeSheetPage")
    sheets = PracticeSheetPage.objects.filter(live=True).order_by("first_published_at", "pk")
    events = [FederationEvent(sequence=number, sheet_key=sheet.translation_key,
                              sheet_id=sheet.pk, activity="Create",
                              created_at=sheet.last_published_at or sheet.first_published_at)
              for number, sheet in enumerate(sheets, 1)
              if sheet.last_published_at or sheet.first_published_at]
    FederationEvent.objects.bulk_create(events)
    SequenceCounter.objects.update_or_create(pk=1, defaults={"value": len(events)})


class Migration(migrations.Migration):
    dependencies = [
        ("practice_federation", "0001_initial"),
        ("practice_library", "0004_practicesheetpage_adapted_from_url"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
