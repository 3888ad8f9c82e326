import itertools
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from core.bookings import services as bookings
from plugins.trainings.models import (
    SessionPart,
    TrainingCatalogPage,
    TrainingModulePage,
    TrainingSession,
    TrainingTopic,
)

_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def catalogue(demo_site):
    return TrainingCatalogPage.objects.get()


def _user(username, group=None, **fields):
    user = get_user_model().objects.create_user(username=username, email=username,
                                                password="pw-" + username, **fields)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def make_user(db):
    return _user


@pytest.fixture
def trainer(db):
    return _user("trainer.one@example.org", "Formateurs", first_name="Tina", last_name="Trainer")


@pytest.fixture
def other_trainer(db):
    return _user("trainer.two@example.org", "Formateurs")


@pytest.fixture
def professional(db):
    return _user("agent@ville.example", "Professionnels", first_name="Alex", last_name="Agent")


@pytest.fixture
def make_module(catalogue):
    def make(title="Le budget de la ville pour tous", topic="budget-de-la-ville", **fields):
        page = TrainingModulePage(title=title, slug=f"module-test-{next(_numbers)}",
                                  topic=TrainingTopic.objects.get(slug=topic), **fields)
        catalogue.add_child(instance=page)
        page.save_revision().publish()
        return TrainingModulePage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def module(make_module):
    return make_module()


@pytest.fixture
def make_session(module, trainer):
    def make(starts_in=timedelta(days=7), parts=1, capacity=10, trainers=None,
             for_module=None, **fields):
        session = TrainingSession(module=for_module or module, capacity=capacity,
                                  place=fields.pop("place", "Salle 2, hôtel de ville"),
                                  **fields)
        start = timezone.now() + starts_in
        session.parts = [SessionPart(title=f"Partie {n + 1}",
                                     starts_at=start + timedelta(days=n),
                                     ends_at=start + timedelta(days=n, hours=3))
                         for n in range(parts)]
        session.trainers = trainers if trainers is not None else [trainer]
        session.save()  # a ParentalManyToManyField is written on save
        return TrainingSession.objects.select_related("offering").get(pk=session.pk)

    return make


@pytest.fixture
def session(make_session):
    return make_session()


@pytest.fixture
def confirmed_booking(django_capture_on_commit_callbacks):
    def make(session, name="Léa Dubois", email="lea@example.org"):
        with django_capture_on_commit_callbacks(execute=True):
            booking = bookings.book(session.offering, name=name, email=email, consent=True)
            return bookings.confirm(booking)

    return make
