"""Professional sign-up with email verification, login and logout."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

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


def verification_link(message):
    return re.search(r"https?://[^/]+(/compte/verifier/\S+)", message.body).group(1)


@pytest.mark.django_db
def test_verification_activates_joins_professionals_and_logs_in(
        client, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks)
    link = verification_link(mail.outbox[0])

    assert client.get(link).status_code == 200  # a GET changes nothing
    user = get_user_model().objects.get(email="ines.morel@example.org")
    assert not user.is_active
    assert client.post(link, {"password": "pas-le-bon-mot-42"}).status_code == 400
    user.refresh_from_db()
    assert not user.is_active  # the link alone, or a wrong password, activates nothing

    response = client.post(link, {"password": PASSWORD})
    assert response["Location"] == "/pratiques/contribuer/"
    user.refresh_from_db()
    assert user.is_active
    assert user.groups.filter(name="Professionnels").exists()
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

    assert response.status_code == 400
    assert not get_user_model().objects.exists()
    assert not mail.outbox


@pytest.mark.django_db
def test_signing_up_again_says_nothing_of_the_address_and_tells_its_owner(
        client, django_capture_on_commit_callbacks):
    first = sign_up(client, django_capture_on_commit_callbacks)
    first_link = verification_link(mail.outbox[0])
    mail.outbox.clear()
    again = sign_up(client, django_capture_on_commit_callbacks, first_name="Inès-Marie")
    assert (again.status_code, again["Location"]) == (first.status_code, first["Location"])
    assert get_user_model().objects.count() == 1
    # Never verified: the new sign-up replaces it, and only its own link works.
    (renewed,) = mail.outbox
    assert client.get(first_link).status_code == 400
    assert client.post(verification_link(renewed), {"password": PASSWORD}).status_code == 302

    mail.outbox.clear()
    client.logout()
    third = sign_up(client, django_capture_on_commit_callbacks, password1="Autre-mot-de-passe-9",
                    password2="Autre-mot-de-passe-9")
    assert (third.status_code, third["Location"]) == (first.status_code, first["Location"])
    (reminder,) = mail.outbox  # verified now: its owner is told how to log in
    assert reminder.subject == "Votre compte existe déjà"
    assert "/compte/mot-de-passe/" in reminder.body
    assert get_user_model().objects.get().check_password(PASSWORD)  # unchanged


@pytest.mark.django_db
def test_a_verification_link_works_once_and_never_reactivates_a_disabled_account(
        client, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks)
    link = verification_link(mail.outbox[0])
    assert client.post(link, {"password": PASSWORD}).status_code == 302
    client.logout()
    assert client.post(link, {"password": PASSWORD}).status_code == 400  # spent
    user = get_user_model().objects.get()
    user.is_active = False  # an administrator disables the account
    user.save()
    assert client.post(link, {"password": PASSWORD}).status_code == 400
    user.refresh_from_db()
    assert not user.is_active
    assert "ines.morel" not in link  # the link carries no personal data


@pytest.mark.django_db
def test_tampered_and_expired_links_are_refused(client, django_capture_on_commit_callbacks,
                                                settings):
    sign_up(client, django_capture_on_commit_callbacks)
    link = verification_link(mail.outbox[0])
    uid, token = link.split("?")[0].rstrip("/").split("/")[-2:]
    assert client.post(f"/compte/verifier/{uid}/{token[:-2]}xx/",
                       {"password": PASSWORD}).status_code == 400
    assert client.post(f"/compte/verifier/Zm9v/{token}/",
                       {"password": PASSWORD}).status_code == 400
    settings.PASSWORD_RESET_TIMEOUT = -1
    assert client.post(link.split("?")[0], {"password": PASSWORD}).status_code == 400
    assert not get_user_model().objects.get().is_active


@pytest.mark.django_db
def test_unverified_accounts_are_purged_after_a_few_days(client,
                                                         django_capture_on_commit_callbacks):
    from django.utils import timezone

    from core.accounts.services import purge_unverified

    sign_up(client, django_capture_on_commit_callbacks)
    assert purge_unverified() == 0
    assert purge_unverified(now=timezone.now() + timedelta(days=8)) == 1
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_robots_and_floods_are_answered_like_people_and_create_nothing(
        client, django_capture_on_commit_callbacks, settings):
    robot = sign_up(client, django_capture_on_commit_callbacks, website="http://spam.example",
                    email="robot@example.org")
    assert robot.status_code == 302 and not get_user_model().objects.exists()
    assert not mail.outbox
    settings.ESSAIM_BOOKINGS_RATE_LIMIT_PER_EMAIL = 2
    codes = [sign_up(client, django_capture_on_commit_callbacks).status_code for _ in range(3)]
    assert codes == [302, 302, 429]


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_account_from_that_address(client, django_user_model):
    django_user_model.objects.create_user(username="ines.morel@example.org",
                                          email="ines.morel@example.org", password=PASSWORD)
    for _ in range(4):
        response = client.post("/compte/connexion/", {"username": "ines.morel@example.org",
                                                     "password": "mauvais"})
        assert response.status_code == 200 and "_auth_user_id" not in client.session
    fifth = client.post("/compte/connexion/", {"username": "ines.morel@example.org",
                                              "password": "mauvais"})
    assert fifth.status_code == 429
    locked = client.post("/compte/connexion/", {"username": "ines.morel@example.org",
                                               "password": PASSWORD})
    assert locked.status_code == 429
    assert "Trop de tentatives" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    admin = client.post("/admin/login/", {"username": "ines.morel@example.org",
                                          "password": PASSWORD})
    assert admin.status_code == 429  # the admin's login counts the same

    from django.core.management import call_command

    call_command("axes_reset", verbosity=0)
    response = client.post("/compte/connexion/", {"username": "ines.morel@example.org",
                                                 "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_password_reset_sends_a_link_through_the_outbox(client, django_user_model,
                                                        django_capture_on_commit_callbacks):
    django_user_model.objects.create_user(username="ines.morel@example.org",
                                          email="ines.morel@example.org", password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/compte/mot-de-passe/", {"email": "ines.morel@example.org"})
    assert response.status_code == 302
    (message,) = mail.outbox
    link = re.search(r"https?://[^/]+(/compte/mot-de-passe/\S+)", message.body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    response = client.post(form.redirect_chain[-1][0], {
        "new_password1": "Nouveau-mot-de-passe-77", "new_password2": "Nouveau-mot-de-passe-77"})
    assert response.status_code == 302
    assert client.login is not None
    assert django_user_model.objects.get().check_password("Nouveau-mot-de-passe-77")


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


@pytest.mark.django_db
def test_a_password_too_close_to_the_address_is_refused_without_naming_a_username(
        client, django_capture_on_commit_callbacks):
    response = sign_up(client, django_capture_on_commit_callbacks,
                       password1="ines.morel@example", password2="ines.morel@example")
    content = response.content.decode()
    assert response.status_code == 400
    assert ("Le mot de passe ressemble trop à votre nom ou à votre adresse électronique."
            in content)
    assert "utilisateur" not in content and "username" not in content
    assert not get_user_model().objects.exists()


def test_the_reset_password_rule_does_not_name_a_username(django_user_model, db):
    from django.contrib.auth.forms import SetPasswordForm
    from django.utils import translation

    user = django_user_model(username="ines.morel@example.org", email="ines.morel@example.org")
    with translation.override("fr"):
        form = SetPasswordForm(user, {"new_password1": "ines.morel.example",
                                      "new_password2": "ines.morel.example"})
        assert form.errors["new_password2"] == [
            "Le mot de passe ressemble trop à votre nom ou à votre adresse électronique."]
