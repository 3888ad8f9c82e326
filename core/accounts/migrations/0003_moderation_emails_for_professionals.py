"""Professionals' accounts used to have Wagtail's moderation emails switched off (the
site sent its own beside them). Moderation emails now have one sender (core.moderation),
which follows these preferences: switch them back on."""

from django.db import migrations


def enable(apps, schema_editor):
    UserProfile = apps.get_model("wagtailusers", "UserProfile")
    UserProfile.objects.filter(user__groups__name="Professionals").update(
        approved_notifications=True, rejected_notifications=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_professionals_group"),
        ("wagtailusers", "0015_userprofile_keyboard_shortcuts"),
    ]

    operations = [migrations.RunPython(enable, migrations.RunPython.noop)]
