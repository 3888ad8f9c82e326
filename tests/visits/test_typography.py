"""A visit names its institution once: "Sénat", not "Sénat (Sénat)"."""

import pytest
from django.utils import translation

from plugins.visits.models import VisitPage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("institution", "kind", "expected"), [
    ("Sénat", "senat", "Sénat"),
    ("Assemblée nationale", "assemblee_nationale", "Assemblée nationale"),
    ("Hôtel de ville de Blois", "council_chamber",
     "Hôtel de ville de Blois (salle du conseil municipal)"),
    ("Palais de justice de Tours", "court", "Palais de justice de Tours (tribunal)"),
    ("Maison de la citoyenneté", "other", "Maison de la citoyenneté"),
])
def test_the_kind_of_place_is_added_only_when_the_name_does_not_say_it(institution, kind,
                                                                         expected):
    with translation.override("fr"):
        assert VisitPage(institution=institution, kind=kind).institution_label() == expected
