import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from plugins.visits.models import InstitutionKind, VisitIndexPage, VisitPage, VisitSlot

_slugs = itertools.count(1)


@pytest.fixture
def visit_index(demo_site):
    return VisitIndexPage.objects.get()


@pytest.fixture
def make_visit(visit_index):
    def make(title="Visite du tribunal judiciaire", slots=((timedelta(days=7), 10),),
             **fields):
        values = {"institution": "Tribunal judiciaire de Blois", "kind": InstitutionKind.COURT,
                  "address": "Place Saint-Louis, 41000 Blois",
                  "meeting_point": "Salle des pas perdus",
                  "duration_minutes": 60, "max_party_size": 4}
        values.update(fields)
        page = VisitPage(title=title, slug=f"visite-test-{next(_slugs)}", **values)
        visit_index.add_child(instance=page)
        page.save_revision().publish()
        for delay, capacity in slots:
            start = timezone.now() + delay
            VisitSlot.objects.create(page=page, starts_at=start,
                                     ends_at=start + timedelta(minutes=page.duration_minutes),
                                     capacity=capacity, guide="Jeanne Test")
        return VisitPage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def visit(make_visit):
    return make_visit()


@pytest.fixture
def slot(visit):
    return visit.slots.get()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()
