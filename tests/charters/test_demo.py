"""`essaim demo` builds three charters, once."""

from io import StringIO

import pytest
from django.core.management import call_command

from plugins.charters.models import (
    CharterPage,
    CharterVersion,
    Commitment,
    Endorsement,
    FollowUpReport,
)
from tests.charters.helpers import text_of

pytestmark = pytest.mark.django_db


def counts():
    return [model.objects.count() for model in
            (CharterPage, Commitment, CharterVersion, FollowUpReport, Endorsement)]


def test_demo_creates_three_charters_of_different_kinds_and_territories(demo_site, client):
    charters = CharterPage.objects.live()
    assert charters.count() == 3
    assert len({c.kind for c in charters}) == 3
    assert len({c.territory_id for c in charters}) == 3
    revised = charters.get(slug="allonnes-democratie-locale")
    assert revised.versions.count() == 2
    assert FollowUpReport.objects.filter(commitment__charter=revised).exists()

    html = text_of(client.get(revised.url))
    assert "928 votants" in html
    diff = text_of(client.get(revised.url + "versions/?de=1&a=2"))
    assert "Accompagner les démarches en ligne" in diff


def test_running_the_demo_twice_changes_nothing(demo_site):
    before = counts()
    call_command("demo", stdout=StringIO())
    assert counts() == before
