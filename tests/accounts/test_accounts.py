"""Professional sign-up with email verification, login and logout."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from core.accounts.services import VERIFY_PURPOSE
from core.tokens import make_token

PASSWORD = "Colibri-en-essaim-42"
FORM = {"first_name": "Inès", "last_name": "Morel", "email": "Ines.Morel@Example.org",
        "organisation": "Ville de Blois", "job_title": "Chargée de participation",
        "password1": PASSWORD, "password2": PASSWORD}


def sign_up(client, django_capture_on_commit_callbacks, **changes):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/compte/inscription/?next=/pratiques/contribuer/",
                           FORM | changes)


@pytest.mark.django_db
def test_sign_up_creates_an_inactive_account_and_emails_a_link(
        client, django_capture_on_commit_callbacks):
    response = sign_up(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    user = get_user_model().objects.get(email="ines.morel@example.org")
    assert not user.is_active
    assert user.professional_profile.organisation == "Ville de Blois"
    (message,) = mail.outbox
    assert message.to == ["ines.morel@example.org"]
    assert re.search(r"/compte/verifier/\S+/", message.body)


@pytest.mark.django_db
def test_verification_activates_joins_professionals_and_logs_in(
        client, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks)
    link = re.search(r"https?://[^/]+(/compte/verifier/\S+/)", mail.outbox[0].body).group(1)

    assert client.get(link).status_code == 200  # a GET changes nothing
    user = get_user_model().objects.get(email="ines.morel@example.org")
    assert not user.is_active

    response = client.post(link)
    assert response["Location"] == "/pratiques/contribuer/"
    user.refresh_from_db()
    assert user.is_active
    assert user.groups.filter(name="Professionals").exists()
    assert user.professional_profile.email_verified_at is not None
    assert client.get("/pratiques/contribuer/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("changes", [
    {"password2": "autre-chose-123"},
    {"password1": "1234567890", "password2": "1234567890"},
    {"email": "pas-une-adresse"},
])
def test_invalid_sign_ups_are_refused(client, django_capture_on_commit_callbacks, changes):
    response = sign_up(client, django_capture_on_commit_callbacks, **changes)

    assert response.status_code == 200
    assert not get_user_model().objects.exists()
    assert not mail.outbox


@pytest.mark.django_db
def test_an_address_cannot_sign_up_twice(client, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks)
    response = sign_up(client, django_capture_on_commit_callbacks,
                       email="ines.morel@example.org")

    assert response.status_code == 200
    assert get_user_model().objects.count() == 1


@pytest.mark.django_db
def test_tampered_and_expired_links_are_refused(client, django_capture_on_commit_callbacks,
                                                monkeypatch):
    sign_up(client, django_capture_on_commit_callbacks)
    user = get_user_model().objects.get()
    assert client.post("/compte/verifier/nimportequoi/").status_code == 400

    from core.accounts import services

    token = make_token(VERIFY_PURPOSE, [user.pk, user.email, ""])
    monkeypatch.setattr(services, "VERIFY_MAX_AGE", timedelta(seconds=-1))
    assert client.post(f"/compte/verifier/{token}/").status_code == 400
    user.refresh_from_db()
    assert not user.is_active


@pytest.mark.django_db
def test_login_with_email_and_logout(client, django_user_model):
    django_user_model.objects.create_user(username="ines.morel@example.org",
                                          email="ines.morel@example.org", password=PASSWORD)

    response = client.post("/compte/connexion/?next=/pratiques/",
                           {"username": "Ines.Morel@example.org", "password": PASSWORD,
                            "next": "/pratiques/"})
    assert response.status_code == 302 and response["Location"] == "/pratiques/"
    assert "_auth_user_id" in client.session

    client.post("/compte/deconnexion/")
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_page_and_sign_up_page_render(client):
    assert client.get("/compte/connexion/").status_code == 200
    assert client.get("/compte/inscription/").status_code == 200
