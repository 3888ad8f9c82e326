import datetime
import itertools

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, Site

from core.models import HomePage, Territory
from plugins.practice_library.models import (
    Challenge,
    Mechanism,
    PracticeLibraryPage,
    PracticeSheetPage,
)

_numbers = itertools.count(1)
PASSWORD = "Colibri-en-essaim-42"


@pytest.fixture
def library(db):
    """A home page and the library, without the rest of the demo (fast, predictable)."""
    root = Page.get_first_root_node()
    home = HomePage(title="Accueil", slug="accueil-test")
    root.add_child(instance=home)
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    library = PracticeLibraryPage(title="Pratiques", slug="pratiques")
    home.add_child(instance=library)
    library.save_revision().publish()
    return library


@pytest.fixture
def territories(db):
    def make(name, code, population, kind="commune", region="bretagne"):
        return Territory.objects.get_or_create(insee_code=code, defaults=dict(
            name=name, population=population, kind=kind, region=region))[0]

    return {"small": make("Petiteville", "29001", 1_500),
            "medium": make("Moyenneville", "29002", 15_000, region="normandie"),
            "large": make("Grandeville", "29003", 150_000, kind="intercommunalite",
                          region="normandie")}


@pytest.fixture
def make_sheet(library, territories, django_capture_on_commit_callbacks):
    """Publish a sheet (and index it, as the commit would); taxonomies given as slugs."""

    def make(title=None, territory="small", challenges=(), mechanisms=(), publish=True,
             owner=None, **fields):
        number = next(_numbers)
        fields.setdefault("start_date", datetime.date(2023, 1, 1))
        sheet = PracticeSheetPage(
            title=title or f"Fiche {number}", slug=f"fiche-{number}",
            territory=territories[territory] if isinstance(territory, str) else territory,
            key_point_1="Premier point", key_point_2="Deuxième point",
            key_point_3="Troisième point", owner=owner, live=publish, **fields)
        sheet.challenges = Challenge.objects.with_slugs(challenges)
        sheet.mechanisms = Mechanism.objects.with_slugs(mechanisms)
        library.add_child(instance=sheet)
        revision = sheet.save_revision(user=owner)
        if publish:
            with django_capture_on_commit_callbacks(execute=True):
                revision.publish()
        return PracticeSheetPage.objects.get(pk=sheet.pk)

    return make


@pytest.fixture
def make_user(db, django_user_model):
    def make(username, group=None, **fields):
        user = django_user_model.objects.create_user(
            username=username, email=f"{username}@example.org", password=PASSWORD,
            first_name=username.capitalize(), **fields)
        if group:
            user.groups.add(Group.objects.get_or_create(name=group)[0])
        return user

    return make


@pytest.fixture
def professional(make_user):
    from core.accounts.services import verify_email

    return verify_email(make_user("alice"))


@pytest.fixture
def other_professional(make_user):
    from core.accounts.services import verify_email

    return verify_email(make_user("bruno"))


@pytest.fixture
def moderator(make_user):
    return make_user("morgane", "Modérateurs")


@pytest.fixture
def editor(make_user):
    return make_user("edouard", "Éditeurs")
