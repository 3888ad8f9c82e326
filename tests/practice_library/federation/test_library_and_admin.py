"""Received sheets in the library without the network: listing with a fixed query count,
hiding, adaptations across instances, the admin's permission matrix, /healthz."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plugins.practice_library.federation import services
from plugins.practice_library.federation.documents import prepare_remote, remote_object_id
from plugins.practice_library.federation.models import RemoteSheet, Subscription
from plugins.practice_library.finder import search_practices
from search import api

ORIGIN = "allonnes.example"


@pytest.fixture
def allonnes(db):
    return Subscription.objects.create(
        address=f"https://{ORIGIN}/federation/", actor_id=f"https://{ORIGIN}/federation/",
        outbox_url=f"https://{ORIGIN}/federation/outbox", origin=ORIGIN,
        name="Ville d'Allonnes", site_url=f"https://{ORIGIN}/")


@pytest.fixture
def receive(allonnes, django_capture_on_commit_callbacks):
    numbers = iter(range(1, 10_000))

    def receive(title="Fiche reçue", adapted_from_url="", **data):
        number = next(numbers)
        data.setdefault("territory", {"name": "Allonnes", "population": 11_000,
                                      "kind": "commune", "region": "pays-de-la-loire"})
        data.setdefault("mechanisms", [{"slug": "budget-participatif",
                                        "name": "Budget participatif"}])
        data.setdefault("key_points", ["Un point", "Deux points", "Trois points"])
        with django_capture_on_commit_callbacks(execute=True):
            sheet = RemoteSheet.objects.create(
                subscription=allonnes, remote_id=f"https://{ORIGIN}/federation/fiches/{number}",
                url=f"https://{ORIGIN}/pratiques/fiche-{number}/", title=title,
                licence="cc-by-sa-4.0", adapted_from_url=adapted_from_url, data=data,
                updated=datetime.datetime(2025, 1, number % 28 + 1, tzinfo=datetime.UTC))
            services.index_remote_sheets({"ids": [sheet.pk]})
        return sheet

    return receive


def test_local_and_received_sheets_share_the_library_and_its_facets(make_sheet, receive,
                                                                    client):
    make_sheet("Budget participatif local", mechanisms=["budget-participatif"])
    receive("Budget participatif d'Allonnes")
    results = search_practices("budget participatif")
    assert {s.title for s in results.sheets} == {"Budget participatif local",
                                                 "Budget participatif d'Allonnes"}
    origin = next(f for f in results.facets if f.name == "origin")
    assert [(v.value, v.label, v.count) for v in origin.values] == [
        ("local", "Ce site", 1), (ORIGIN, "Ville d'Allonnes", 1)]
    mechanism = next(f for f in results.facets if f.name == "mechanism")
    assert [(v.value, v.count) for v in mechanism.values] == [("budget-participatif", 2)]
    assert {s.title for s in search_practices(filters={"origin": ["local"]}).sheets} == {
        "Budget participatif local"}
    html = client.get("/recherche/?q=budget&type=practice_sheet").content.decode()
    assert '<legend class="visually-hidden">Origine</legend>' in html
    assert "Ville d&#x27;Allonnes" in html


def test_the_library_page_query_count_does_not_grow_with_received_sheets(
        make_sheet, receive, client):
    url = "/pratiques/?q=fiche"

    def queries():
        with CaptureQueriesContext(connection) as page:
            assert client.get(url).status_code == 200
        return len(page)

    make_sheet("Fiche locale")
    receive("Fiche reçue 0")
    client.get(url)
    few = queries()
    for number in range(1, 15):
        receive(f"Fiche reçue {number}")
        make_sheet(f"Fiche locale {number}")
    assert queries() == few


def test_a_hidden_sheet_is_neither_listed_nor_shown(receive, client, moderator,
                                                    django_capture_on_commit_callbacks):
    sheet = receive("Fiche à masquer")
    assert search_practices("masquer").total == 1
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/federation/fiches/{sheet.pk}/masquer/",
                               {"hidden": "1"})
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.hidden and sheet.hidden_by == moderator
    assert search_practices("masquer").total == 0
    assert client.get(sheet.get_absolute_url()).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/federation/fiches/{sheet.pk}/masquer/", {"hidden": "0"})
    assert search_practices("masquer").total == 1


def test_adaptations_are_counted_across_instances(make_sheet, receive, client):
    local = make_sheet("Budget participatif d'ici", mechanisms=["budget-participatif"])
    receive("Adaptation à Allonnes", adapted_from_url=local.canonical_url)
    original = receive("Diagnostic en marchant d'Allonnes")
    make_sheet("Diagnostic en marchant d'ici", adapted_from_url=original.url)
    receive("Autre adaptation", adapted_from_url=original.url)

    page = client.get(local.url).content.decode()
    assert "Adaptée dans 1 autre territoire" in page and "Adaptation à Allonnes" in page
    remote_page = client.get(original.get_absolute_url()).content.decode()
    assert "Adaptée dans 2 autres territoires" in remote_page
    assert "Diagnostic en marchant d&#x27;ici" in remote_page
    assert "Autre adaptation" in remote_page


def test_the_article_carries_contact_details_only_with_consent(make_sheet, client):
    shown = make_sheet("Avec contact", contact_name="Camille", contact_email="c@example.org",
                       contact_consent=True)
    hidden = make_sheet("Sans contact", contact_name="Dominique",
                        contact_email="d@example.org", contact_consent=False)
    page = client.get("/federation/outbox?after=0").json()
    articles = {i["object"].get("name"): i["object"] for i in page["orderedItems"]}
    assert articles["Avec contact"]["contact"] == {"name": "Camille", "role": None,
                                                   "email": "c@example.org"}
    assert "contact" not in articles["Sans contact"]
    assert "d@example.org" not in str(page) and "Dominique" not in str(page)
    shown.unpublish()
    deleted = client.get(f"/federation/outbox?after={page['cursor']}").json()
    assert [(i["type"], i["object"]["type"]) for i in deleted["orderedItems"]] == [
        ("Delete", "Tombstone")]
    assert client.get(articles["Avec contact"]["id"].replace("http://testserver", "")
                      ).status_code == 410
    assert client.get(articles["Sans contact"]["id"].replace("http://testserver", "")
                      ).status_code == 200
    assert hidden.live


def test_received_sheets_are_indexed_like_local_ones(receive):
    sheet = receive("Fiche indexée", start_date="2022-05-01")
    data = prepare_remote(sheet)
    assert data["id"] == remote_object_id(sheet) and data["origin"] == ORIGIN
    assert (data["year"], data["size"], data["mechanism"]) == (
        2022, "10000-20000", ["budget-participatif"])
    assert api.database_engine().ids(api.document("practice_sheet")) >= {data["id"]}


@pytest.mark.parametrize("who, allowed", [
    ("anonymous", False), ("professional", False), ("trainer", False),
    ("moderator", True), ("editor", True), ("superuser", True)])
def test_only_moderators_and_editors_manage_federation(who, allowed, client, make_user,
                                                      receive, allonnes, django_user_model):
    sheet = receive("Fiche")
    users = {"professional": lambda: make_user("pro", "Professionnels"),
             "trainer": lambda: make_user("formatrice", "Formateurs"),
             "moderator": lambda: make_user("morgane", "Modérateurs"),
             "editor": lambda: make_user("edouard", "Éditeurs"),
             "superuser": lambda: django_user_model.objects.create_superuser(
                 "root", "root@example.org", "x")}
    if who in users:
        client.force_login(users[who]())
    requests = [
        client.get("/admin/federation/"),
        client.post("/admin/federation/", {"address": "https://127.0.0.1:1/federation/"}),
        client.post(f"/admin/federation/{allonnes.pk}/synchroniser/"),
        client.get("/admin/federation/fiches/"),
        client.post(f"/admin/federation/fiches/{sheet.pk}/masquer/", {"hidden": "1"}),
        client.post(f"/admin/federation/{allonnes.pk}/desabonner/"),
    ]
    codes = [r.status_code for r in requests]
    if allowed:
        # The subscribe POST reaches nobody (a closed port) and shows the form again
        # with the error (200); the others redirect after doing their work.
        assert codes == [200, 200, 302, 200, 302, 302], codes
        assert not Subscription.objects.exists()
    else:
        # Wagtail answers a refusal in its admin with a redirect (to the login page or,
        # for a signed-in user, to the dashboard with an error message).
        assert codes == [302] * 6, codes
        assert Subscription.objects.filter(pk=allonnes.pk).exists()
        sheet.refresh_from_db()
        assert not sheet.hidden


def test_healthz_reports_federation_without_calling_anyone(allonnes, client):
    Subscription.objects.filter(pk=allonnes.pk).update(failures=2,
                                                       last_error="no answer in time")
    health = client.get("/healthz").json()["checks"]["federation"]
    assert health == {"ok": True, "subscriptions": 1, "failing": 1,
                      "last_error": f"{ORIGIN}: no answer in time"}
