"""Moderators and editors follow other sites and hide received sheets."""

from django.db import migrations

GROUPS = ["Moderators", "Editors"]
CODENAMES = ["add_subscription", "change_subscription", "delete_subscription",
             "view_subscription", "change_remotesheet", "view_remotesheet"]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = []
    for codename in CODENAMES:
        action, model = codename.split("_", 1)
        content_type, _created = ContentType.objects.get_or_create(
            app_label="practice_federation", model=model)
        permissions.append(Permission.objects.get_or_create(
            content_type=content_type, codename=codename,
            defaults={"name": f"Can {action} {model}"})[0])
    for name in GROUPS:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    # Finds groups by their first, English, names: before they are renamed in French.
    run_before = [("accounts", "0004_french_group_and_workflow_names")]
    dependencies = [
        ("practice_federation", "0002_seed_published_sheets"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("core", "0002_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
