"""Editors and Moderators organise sign-ups: they see participants and manage dates."""

from django.db import migrations

ORGANISER_GROUPS = ["Editors", "Moderators"]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="bookings", model="booking")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="manage_bookings",
        defaults={"name": "Can see and manage the participants of sign-ups"})
    for group in Group.objects.filter(name__in=ORGANISER_GROUPS):
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0001_initial"),
        ("core", "0002_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
