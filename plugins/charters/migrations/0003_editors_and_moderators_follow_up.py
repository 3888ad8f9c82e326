"""Editors and Moderators keep the charters' follow-up: they record follow-up reports and
look after endorsements (confirm, correct, remove); until now only superusers could."""

from django.db import migrations

GROUPS = ["Editors", "Moderators"]
GRANTS = {"followupreport": ("add", "change", "delete", "view"),
          "endorsement": ("change", "delete", "view")}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    permissions = []
    for model, actions in GRANTS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label="charters", model=model)
        for action in actions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"})
            permissions.append(permission)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    # Finds groups by their first, English, names: before they are renamed in French.
    run_before = [("accounts", "0004_french_group_and_workflow_names")]
    dependencies = [
        ("charters", "0002_charters_commitments_versions_endorsements"),
        ("core", "0002_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
