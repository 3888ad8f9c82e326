"""The four groups Essaim's permissions are built on.

Wagtail's own initial data already creates Moderators (add, edit, publish on
the page tree) and Editors (add, edit); this adds Professionals and Trainers,
gives the staff groups access to the admin and lets Moderators curate the
shared territories.
"""

from django.db import migrations

GROUPS = ["Professionals", "Moderators", "Trainers", "Editors"]
ADMIN_GROUPS = ["Moderators", "Trainers", "Editors"]
TERRITORY_CURATORS = ["Moderators", "Editors"]


def get_permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name})
    return permission


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in GROUPS}
    access_admin = get_permission(apps, "wagtailadmin", "admin", "access_admin",
                                  "Can access Wagtail admin")
    for name in ADMIN_GROUPS:
        groups[name].permissions.add(access_admin)
    territory_permissions = [
        get_permission(apps, "core", "territory", f"{action}_territory", f"Can {action} territory")
        for action in ("add", "change", "delete", "view")
    ]
    for name in TERRITORY_CURATORS:
        groups[name].permissions.add(*territory_permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
