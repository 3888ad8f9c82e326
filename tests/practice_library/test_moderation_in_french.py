"""The moderation we configure speaks French: groups, workflow, task, buttons, emails."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core import mail
from wagtail.models import Task, Workflow

from core.accounts.models import EDITORS_GROUP, MODERATORS_GROUP, PROFESSIONALS_GROUP

from .test_workflow import propose

pytestmark = pytest.mark.django_db

FRENCH_GROUPS = {"Modérateurs", "Éditeurs", "Professionnels", "Formateurs"}


def _migration():
    from importlib import import_module

    return import_module("core.accounts.migrations.0004_french_group_and_workflow_names")


def test_groups_workflow_and_task_have_french_names():
    assert FRENCH_GROUPS <= set(Group.objects.values_list("name", flat=True))
    assert not Group.objects.filter(
        name__in=["Moderators", "Editors", "Professionals", "Trainers"]).exists()
    assert list(Workflow.objects.values_list("name", flat=True)) == [
        "Modération des contributions"]
    assert list(Task.objects.values_list("name", flat=True)) == [
        "Relecture par les modérateurs"]
    assert (MODERATORS_GROUP, EDITORS_GROUP, PROFESSIONALS_GROUP) == (
        "Modérateurs", "Éditeurs", "Professionnels")


def test_the_migration_renames_an_existing_site_and_keeps_members():
    moderators = Group.objects.get(name="Modérateurs")
    permissions = set(moderators.permissions.values_list("pk", flat=True))
    for old, new in _migration().GROUPS.items():
        Group.objects.filter(name=new).update(name=old)
    Workflow.objects.update(name="Moderators approval")
    Task.objects.update(name="Moderators approval")

    _migration().to_french(apps, None)

    moderators.refresh_from_db()
    assert moderators.name == "Modérateurs"
    assert set(moderators.permissions.values_list("pk", flat=True)) == permissions
    assert FRENCH_GROUPS <= set(Group.objects.values_list("name", flat=True))
    assert Workflow.objects.get().name == "Modération des contributions"
    assert Task.objects.get().name == "Relecture par les modérateurs"


def test_the_admin_submit_button_names_the_workflow_in_french(client, make_sheet,
                                                              django_user_model):
    sheet = make_sheet("Fiche à relire", publish=False)
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "x")
    client.force_login(admin)
    content = client.get(f"/admin/pages/{sheet.pk}/edit/").content.decode()
    assert "Soumettre à « Modération des contributions »" in content
    assert "Moderators" not in content


def test_moderators_are_greeted_by_name_or_with_a_plain_bonjour(
        client, library, territories, professional, moderator, django_user_model,
        django_capture_on_commit_callbacks):
    moderator.last_name = "Le Goff"
    moderator.save()
    nameless = django_user_model.objects.create_user("admin", "admin@example.org", "x")
    nameless.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    client.force_login(professional)
    sheet = propose(client, territories["small"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/pratiques/contribuer/{sheet.pk}/soumettre/")
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert bodies[moderator.email].startswith("Bonjour Morgane Le Goff,\n")
    assert bodies["admin@example.org"].startswith("Bonjour,\n")
    assert not any("admin," in body or "Salut" in body for body in bodies.values())


@pytest.mark.parametrize(("first", "last", "greeting"), [
    ("Morgane", "Le Goff", "Bonjour Morgane Le Goff,"), ("", "", "Bonjour,")])
def test_wagtails_own_notifications_greet_the_same_way(django_user_model, first, last,
                                                       greeting):
    from django.template.loader import render_to_string
    from django.utils import translation

    user = django_user_model(username="admin", first_name=first, last_name=last)
    with translation.override("fr"):
        text = render_to_string("wagtailadmin/notifications/base.txt", {"user": user})
        html = render_to_string("wagtailadmin/notifications/base.html", {"user": user})
    assert text.strip().splitlines()[0] == greeting
    assert f"<p>{greeting}</p>" in html
    assert "Salut" not in text + html and "admin," not in text + html
