"""The groups, the moderation workflow and its task get French names.

Wagtail creates "Moderators" and "Editors" and a "Moderators approval" workflow (whose
button reads "Soumettre à Moderators approval"); our first migrations added
"Professionals" and "Trainers". Every migration that finds a group by its English
name runs before this one (dependencies here, ``run_before`` in the plugins').
"""

from django.db import migrations

GROUPS = {"Moderators": "Modérateurs", "Editors": "Éditeurs",
          "Professionals": "Professionnels", "Trainers": "Formateurs"}
WORKFLOWS = {"Moderators approval": "Modération des contributions"}
TASKS = {"Moderators approval": "Relecture par les modérateurs"}


def _rename(model, names):
    for old, new in names.items():
        if not model.objects.filter(name=new).exists():
            model.objects.filter(name=old).update(name=new)


def to_french(apps, schema_editor):
    _rename(apps.get_model("auth", "Group"), GROUPS)
    _rename(apps.get_model("wagtailcore", "Workflow"), WORKFLOWS)
    _rename(apps.get_model("wagtailcore", "Task"), TASKS)


def to_english(apps, schema_editor):
    def swap(names):
        return {new: old for old, new in names.items()}

    _rename(apps.get_model("auth", "Group"), swap(GROUPS))
    _rename(apps.get_model("wagtailcore", "Workflow"), swap(WORKFLOWS))
    _rename(apps.get_model("wagtailcore", "Task"), swap(TASKS))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_moderation_emails_for_professionals"),
        ("core", "0002_groups"),
        ("bookings", "0002_organiser_permission"),
        ("essaim_search", "0005_seed_thesaurus"),
        ("wagtailcore", "0048_add_default_workflows"),
        ("wagtailcore", "0005_add_page_lock_permission_to_moderators"),
        ("wagtaildocs", "0002_initial_data"),
        ("wagtailimages", "0002_initial_data"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(to_french, to_english)]
