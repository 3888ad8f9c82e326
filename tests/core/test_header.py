"""The header tells visitors whether they are signed in, and takes members to their pages."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from core.accounts.menu import AccountLink


def header_of(response):
    html = response.content.decode()
    return re.search(r'<header class="site-header".*?</header>', html, re.S).group(0)


def member(django_user_model, *groups, **fields):
    user = django_user_model.objects.create_user(
        username=fields.pop("username", "lea"), email="lea@example.org", password="x" * 12,
        first_name="Léa", last_name="Martin", **fields)
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


def menu_links(header):
    return re.findall(r'<li><a href="([^"]+)"[^>]*>([^<]+)</a></li>',
                      header.split('class="account-menu"')[1].split("</details>")[0])


def test_a_visitor_is_offered_to_sign_in_and_brought_back(client, demo_site):
    header = header_of(client.get("/pratiques/"))
    assert "account-menu" not in header
    assert (f'<a class="account-nav__sign-in" href="{reverse("accounts:login")}'
            f'?next=/pratiques/">Se connecter</a>') in header


@pytest.mark.parametrize("groups, expected", [
    ((), [("/formations/mes-formations/", "Mes formations")]),
    (("Professionnels",), [("/pratiques/contribuer/", "Mes fiches pratiques"),
                          ("/formations/mes-formations/", "Mes formations")]),
    (("Professionnels", "Formateurs"), [("/pratiques/contribuer/", "Mes fiches pratiques"),
                                     ("/formations/mes-formations/", "Mes formations"),
                                     ("/formations/espace-formateur/", "Espace formateur")]),
])
def test_a_member_sees_their_name_and_only_their_links(client, demo_site, django_user_model,
                                                       groups, expected):
    client.force_login(member(django_user_model, *groups))
    header = header_of(client.get("/"))
    assert '<span class="visually-hidden">Compte de </span>Léa Martin</summary>' in header
    assert menu_links(header) == expected
    assert "Se connecter" not in header
    sign_out = re.search(r'<form method="post" action="([^"]+)">.*?</form>', header, re.S)
    assert sign_out.group(1) == reverse("accounts:logout")
    assert 'name="csrfmiddlewaretoken"' in sign_out.group(0)


def test_staff_reach_the_administration_last(client, demo_site, django_user_model):
    client.force_login(member(django_user_model, is_staff=True))
    assert menu_links(header_of(client.get("/")))[-1] == ("/admin/", "Administration")


def test_signing_out_from_the_header(client, demo_site, django_user_model):
    client.force_login(member(django_user_model))
    client.post(reverse("accounts:logout"))
    assert "account-nav__sign-in" in header_of(client.get("/"))


def test_hook_account_links(client, demo_site, django_user_model, register):
    register(account_links=lambda user: [AccountLink("Mes votes", "/votes/", order=15)])
    client.force_login(member(django_user_model, "Professionnels"))
    assert [label for _, label in menu_links(header_of(client.get("/")))] == [
        "Mes fiches pratiques", "Mes votes", "Mes formations"]
