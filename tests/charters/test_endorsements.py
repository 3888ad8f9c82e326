"""Endorsing a charter: confirmed by an emailed signed link, counted, shown with consent."""

import re
from datetime import timedelta
from unittest import mock

import pytest

from plugins.charters.models import Endorsement
from plugins.charters.services import endorsement_summary
from tests.charters.helpers import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def charter(make_charter):
    return make_charter("Charte de démocratie locale")


def endorse(client, charter, capture, **data):
    form = {"kind": "resident", "name": "Camille Martin", "email": "camille@example.org",
            "organisation": "", **data}
    with capture(execute=True):
        return client.post(charter.url + "soutenir/", form)


def link_in(message):
    return re.search(r"https?://\S+", message.body).group(0)


def test_endorsing_sends_a_confirmation_email_after_commit(
        client, charter, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(charter.url + "soutenir/", {
            "kind": "resident", "name": "Camille Martin", "email": "camille@example.org"})
    assert response.status_code == 302
    assert mailoutbox == []  # nothing is sent inside the request's transaction
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["camille@example.org"]
    assert "Charte de démocratie locale" in message.subject
    assert "/soutenir/confirmer/" in link_in(message)
    assert endorsement_summary(charter).total == 0  # not counted before confirmation


def test_the_emailed_link_confirms_and_the_endorsement_is_counted(
        client, charter, django_capture_on_commit_callbacks, mailoutbox):
    endorse(client, charter, django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[0])

    page = client.get(link)
    assert page.status_code == 200
    assert endorsement_summary(charter).total == 0  # opening the link alone changes nothing

    response = client.post(link, follow=True)
    assert endorsement_summary(charter).residents == 1
    assert "1 habitant" in text_of(response)


def test_a_replayed_link_changes_nothing(client, charter, django_capture_on_commit_callbacks,
                                         mailoutbox):
    endorse(client, charter, django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[0])
    client.post(link)
    confirmed_at = Endorsement.objects.get().confirmed_at

    response = client.post(link, follow=True)
    assert response.status_code == 200
    assert "déjà confirmé" in text_of(response)
    assert Endorsement.objects.get().confirmed_at == confirmed_at
    assert endorsement_summary(charter).residents == 1


def test_a_tampered_link_is_refused_and_nothing_changes(
        client, charter, django_capture_on_commit_callbacks, mailoutbox):
    endorse(client, charter, django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[0])
    tampered = link.replace("jeton=", "jeton=x")

    for method in (client.get, client.post):
        response = method(tampered)
        assert response.status_code == 400
        assert "n'est pas valide" in text_of(response)
    assert Endorsement.objects.get().confirmed_at is None


def test_a_link_for_another_charter_is_refused(
        client, charter, make_charter, django_capture_on_commit_callbacks, mailoutbox):
    other = make_charter("Autre charte")
    endorse(client, charter, django_capture_on_commit_callbacks)
    query = link_in(mailoutbox[0]).split("?", 1)[1]
    response = client.post(f"{other.url}soutenir/confirmer/?{query}")
    assert response.status_code == 400
    assert Endorsement.objects.get().confirmed_at is None


def test_an_expired_link_is_refused_and_nothing_changes(
        client, charter, django_capture_on_commit_callbacks, mailoutbox, settings):
    endorse(client, charter, django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[0])
    later = timedelta(days=settings.ESSAIM_CHARTERS_ENDORSEMENT_LINK_DAYS, hours=1)
    import time

    with mock.patch("django.core.signing.time.time",
                    return_value=time.time() + later.total_seconds()):
        response = client.post(link)
    assert response.status_code == 410
    assert "a expiré" in text_of(response)
    assert Endorsement.objects.get().confirmed_at is None


def test_one_endorsement_per_email_and_charter(client, charter,
                                               django_capture_on_commit_callbacks, mailoutbox):
    endorse(client, charter, django_capture_on_commit_callbacks)
    endorse(client, charter, django_capture_on_commit_callbacks, email="Camille@Example.org",
            name="Camille M.")
    assert Endorsement.objects.count() == 1
    assert Endorsement.objects.get().name == "Camille M."  # still pending: details updated
    client.post(link_in(mailoutbox[-1]))

    endorse(client, charter, django_capture_on_commit_callbacks, name="Quelqu'un d'autre")
    assert Endorsement.objects.count() == 1
    assert Endorsement.objects.get().name == "Camille M."
    assert len(mailoutbox) == 2  # no new link once confirmed


def test_organisations_are_listed_residents_only_with_consent(
        client, charter, django_capture_on_commit_callbacks, mailoutbox):
    endorse(client, charter, django_capture_on_commit_callbacks, kind="organisation",
            name="Dominique Petit", organisation="Centre social des Perrières",
            email="contact@centre-social.example.org")
    endorse(client, charter, django_capture_on_commit_callbacks, name="Alix Bernard",
            email="alix@example.org", show_name="on")
    endorse(client, charter, django_capture_on_commit_callbacks, name="Sacha Discret",
            email="sacha@example.org")
    for message in mailoutbox:
        client.post(link_in(message))

    html = text_of(client.get(charter.url))
    assert "1 organisation" in html and "2 habitants" in html
    assert "Centre social des Perrières" in html
    assert "Alix Bernard" in html
    assert "Sacha Discret" not in html
    assert "Dominique Petit" not in html  # the organisation endorses, not its contact


def test_an_organisation_must_be_named(client, charter, django_capture_on_commit_callbacks,
                                       mailoutbox):
    response = endorse(client, charter, django_capture_on_commit_callbacks,
                       kind="organisation")
    assert response.status_code == 400
    assert "Indiquez le nom de l'organisation" in text_of(response)
    assert Endorsement.objects.count() == 0 and mailoutbox == []


def test_unconfirmed_endorsements_are_erased_once_their_link_expired(charter, settings):
    from django.utils import timezone

    from core.personal_data import purge_all

    old = timezone.now() - timedelta(days=settings.ESSAIM_CHARTERS_ENDORSEMENT_LINK_DAYS + 1)
    stale = Endorsement.objects.create(charter=charter, name="A", email="a@example.org")
    confirmed = Endorsement.objects.create(charter=charter, name="B", email="b@example.org",
                                           confirmed_at=old)
    recent = Endorsement.objects.create(charter=charter, name="C", email="c@example.org")
    Endorsement.objects.filter(pk__in=[stale.pk, confirmed.pk]).update(created_at=old)

    assert purge_all()["endorsements"] == 1
    assert set(Endorsement.objects.values_list("pk", flat=True)) == {confirmed.pk, recent.pk}


def test_the_purge_runs_every_day():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["personal-data-purge"]
    assert entry == {"task": "core.tasks.purge_personal_data", "schedule": 24 * 60 * 60}
