"""Session materials move to a private collection: out of the public API, served by
Wagtail only to editors and moderators; trainers download them from their workspace and
participants from their signed page."""

from django.db import migrations

NAME = "Documents des sessions de formation"
READERS = ["Editors", "Moderators"]


def forwards(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    Restriction = apps.get_model("wagtailcore", "CollectionViewRestriction")
    Group = apps.get_model("auth", "Group")
    SessionMaterial = apps.get_model("trainings", "SessionMaterial")
    Document = apps.get_model("wagtaildocs", "Document")
    root = Collection.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return
    collection = Collection.objects.filter(name=NAME, depth=2).first()
    if collection is None:
        # A treebeard child by hand (historical models have no add_child).
        last = Collection.objects.filter(depth=2).order_by("-path").first()
        step = 1 if last is None else int(last.path[4:8], 36) + 1
        path = root.path + _base36(step).rjust(4, "0")
        collection = Collection.objects.create(name=NAME, depth=2, path=path, numchild=0)
        Collection.objects.filter(pk=root.pk).update(numchild=root.numchild + 1)
    restriction, created = Restriction.objects.get_or_create(
        collection=collection, defaults={"restriction_type": "groups"})
    if created:
        restriction.groups.set(Group.objects.filter(name__in=READERS))
    Document.objects.filter(pk__in=SessionMaterial.objects.values("document_id")).update(
        collection=collection)


def _base36(number):
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while number:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
    return out or "0"


class Migration(migrations.Migration):
    # Finds groups by their first, English, names: before they are renamed in French.
    run_before = [("accounts", "0004_french_group_and_workflow_names")]
    dependencies = [
        ("trainings", "0005_session_trainers_assigned_by_editors"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
