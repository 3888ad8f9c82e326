"""Seed the editable topics, and let trainers run sessions and editors revoke certificates."""

from django.db import migrations

TOPICS = [
    ("budget-de-la-ville", "Budget de la ville"),
    ("methodologie-de-projet", "Méthodologie de projet"),
    ("outils-de-concertation", "Outils de concertation et de participation"),
    ("fonctionnement-des-institutions", "Fonctionnement des institutions"),
    ("animation", "Animation et facilitation"),
]

GROUP_PERMISSIONS = {
    "Trainers": [("trainingsession", ("add", "change", "view"))],
    "Editors": [("trainingsession", ("add", "change", "delete", "view")),
                ("trainingtopic", ("add", "change", "view")),
                ("certificate", ("change", "view"))],
    "Moderators": [("trainingsession", ("add", "change", "delete", "view")),
                   ("trainingtopic", ("add", "change", "delete", "view")),
                   ("certificate", ("change", "view"))],
}


def forwards(apps, schema_editor):
    Topic = apps.get_model("trainings", "TrainingTopic")
    for slug, name in TOPICS:
        Topic.objects.get_or_create(slug=slug, defaults={"name": name})
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for group_name, grants in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for model, actions in grants:
            content_type, _ = ContentType.objects.get_or_create(app_label="trainings",
                                                                model=model)
            for action in actions:
                permission, _ = Permission.objects.get_or_create(
                    content_type=content_type, codename=f"{action}_{model}",
                    defaults={"name": f"Can {action} {model}"})
                group.permissions.add(permission)


def backwards(apps, schema_editor):
    apps.get_model("trainings", "TrainingTopic").objects.filter(
        slug__in=[slug for slug, _ in TOPICS], modules__isnull=True).delete()


class Migration(migrations.Migration):
    # Finds groups by their first, English, names: before they are renamed in French.
    run_before = [("accounts", "0004_french_group_and_workflow_names")]
    dependencies = [
        ("trainings", "0002_modules_sessions_paths_certificates"),
        ("core", "0002_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
