import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from core.bookings.models import Offering

_emails = itertools.count(1)


@pytest.fixture
def make_offering(db):
    def make(capacity=10, starts_in=timedelta(days=10), **fields):
        start = timezone.now() + starts_in
        values = {"title": "Visite de la salle du conseil", "starts_at": start,
                  "ends_at": start + timedelta(hours=1, minutes=30),
                  "location": "Hôtel de ville, 9 place Saint-Louis, Blois",
                  "page_url": "/visites/salle-du-conseil/", "capacity": capacity,
                  "max_party_size": 6}
        values.update(fields)
        return Offering.objects.create(**values)

    return make


@pytest.fixture
def offering(make_offering):
    return make_offering()


def new_email():
    return f"habitant{next(_emails)}@example.org"


@pytest.fixture
def book():
    """Sign someone up (and optionally confirm), as the resident pages do."""
    from core.bookings import services

    def _book(offering, party_size=1, confirm=True, email=None, **fields):
        fields.setdefault("name", "Alex Martin")
        booking = services.book(offering, email=email or new_email(), party_size=party_size,
                                consent=True, **fields)
        return services.confirm(booking) if confirm else booking

    return _book
