"""Two real instances: A (“Ville d'Allonnes”, a subprocess on its own SQLite demo)
publishes, B (this test process, its test database) subscribes and synchronises."""

import json
import urllib.request

import pytest
from django.core.management import call_command

from plugins.practice_library.federation import services
from plugins.practice_library.federation.models import RemoteSheet, Subscription
from plugins.practice_library.finder import search_practices
from search import api

DEMO_SHEETS = 16
BUDGET = "Un budget participatif porté par le quartier prioritaire"


def get_json(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), json.loads(response.read())


@pytest.fixture
def synced(instance_a, library, django_capture_on_commit_callbacks):
    """B follows A and has fetched everything A publishes (indexed, as on commit)."""
    with django_capture_on_commit_callbacks(execute=True):
        subscription = services.subscribe(instance_a.federation_url)
        report = services.sync(subscription)
    assert report.ok, report.error
    return subscription, report


def sync(subscription, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.sync(subscription)
    subscription.refresh_from_db()
    return report


def database_titles(**filters):
    """What the database engine finds, whatever engine the site uses."""
    query = api.build_query("practice_sheet", filters=filters, per_page=100)
    return {hit.title for hit in api.database_engine().search(query).hits}


def test_a_publishes_an_actor_and_an_outbox_paged_by_a_stable_cursor(instance_a):
    status, headers, actor = get_json(instance_a.federation_url)
    assert status == 200 and headers["Content-Type"].startswith("application/activity+json")
    assert actor["type"] == "Organization" and actor["name"] == "Ville d'Allonnes"
    assert actor["summary"] == "Participation citoyenne"
    assert actor["url"] == instance_a.url + "/"
    assert actor["@context"][0] == "https://www.w3.org/ns/activitystreams"

    _status, _headers, collection = get_json(actor["outbox"])
    assert collection["type"] == "OrderedCollection"
    assert collection["totalItems"] >= DEMO_SHEETS
    _status, headers, page = get_json(collection["first"])
    items = page["orderedItems"]
    assert page["type"] == "OrderedCollectionPage" and len(items) == collection["totalItems"]
    sequences = [item["sequence"] for item in items]
    assert sequences == sorted(sequences)
    article = next(i["object"] for i in items if i["object"].get("name") == BUDGET)
    assert article["type"] == "Article"
    assert article["territory"]["inseeCode"] and article["territory"]["population"]
    assert article["licence"]["id"] == "cc-by-sa-4.0"
    assert article["url"].startswith(instance_a.url + "/pratiques/")
    assert article["sections"] and article["mechanisms"]
    # The page after the last item is empty: where a subscriber resumes next time.
    _status, _headers, end = get_json(page["next"])
    assert end["orderedItems"] == [] and "next" not in end

    # Conditional requests: the same page, unchanged, is a 304.
    request = urllib.request.Request(page["next"],
                                     headers={"If-None-Match": headers["ETag"] + "x"})
    assert urllib.request.urlopen(request, timeout=10).status == 200
    _s, end_headers, _p = get_json(page["next"])
    request = urllib.request.Request(page["next"],
                                     headers={"If-None-Match": end_headers["ETag"]})
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(request, timeout=10)
    assert answer.value.code == 304


def test_b_lists_and_finds_a_s_sheets_with_their_origin(synced, client, instance_a):
    subscription, report = synced
    assert report.created == DEMO_SHEETS and not report.refused
    assert subscription.name == "Ville d'Allonnes" and subscription.origin == \
        f"127.0.0.1:{instance_a.port}"
    sheet = RemoteSheet.objects.get(title=BUDGET)
    assert sheet.url.startswith(instance_a.url + "/pratiques/")
    assert sheet.licence == "cc-by-sa-4.0" and sheet.fetched_at and sheet.updated

    results = search_practices(filters={"origin": [subscription.origin]})
    assert results.total == DEMO_SHEETS
    origin = next(f for f in results.facets if f.name == "origin")
    assert [(v.label, v.count) for v in origin.values] == [("Ville d'Allonnes", DEMO_SHEETS)]
    assert database_titles(origin=[subscription.origin]) == \
        set(RemoteSheet.objects.values_list("title", flat=True))

    html = client.get("/pratiques/?origin=" + subscription.origin).content.decode()
    assert BUDGET in html and "Publiée par Ville d&#x27;Allonnes sur son site" in html
    page = client.get(sheet.get_absolute_url()).content.decode()
    assert f'href="{sheet.url}"' in page and "Creative Commons BY-SA 4.0" in page
    assert "Origine" in client.get("/recherche/?q=budget&type=practice_sheet").content.decode()


@pytest.mark.elasticsearch
def test_b_finds_a_s_sheets_on_elasticsearch(synced, settings):
    subscription, _report = synced
    assert api.elasticsearch_configured()
    api.elasticsearch_engine().refresh("practice_sheet")
    result = api.elasticsearch_engine().search(api.build_query(
        "practice_sheet", "budget participatif", filters={"origin": [subscription.origin]},
        facets=["origin"], per_page=50))
    assert BUDGET in {hit.title for hit in result.hits}
    assert dict(result.facets["origin"]) == {subscription.origin: result.total}


def test_edits_and_withdrawals_on_a_follow_on_b(synced, instance_a,
                                                django_capture_on_commit_callbacks):
    subscription, _report = synced
    instance_a.python(f"""
from plugins.practice_library.models import PracticeSheetPage
sheets = PracticeSheetPage.objects.live()
edited = sheets.get(title={BUDGET!r}).get_latest_revision_as_object()
edited.title = "Un budget participatif des habitants, revu"
edited.save_revision().publish()
sheets.get(title__startswith="Un conseil des sages").unpublish()
""")
    report = sync(subscription, django_capture_on_commit_callbacks)
    assert (report.updated, report.deleted, report.created) == (1, 1, 0), report.summary()
    titles = set(RemoteSheet.objects.values_list("title", flat=True))
    assert "Un budget participatif des habitants, revu" in titles and BUDGET not in titles
    assert not any(t.startswith("Un conseil des sages") for t in titles)
    found = database_titles(origin=[subscription.origin])
    assert "Un budget participatif des habitants, revu" in found
    assert not any(t.startswith("Un conseil des sages") for t in found)

    # Nothing changed since: the resume page answers 304, nothing is applied.
    again = sync(subscription, django_capture_on_commit_callbacks)
    assert again.not_modified and again.pages == 0

    instance_a.python(f"""
from plugins.practice_library.models import PracticeSheetPage
sheet = PracticeSheetPage.objects.get(title="Un budget participatif des habitants, revu")
sheet = sheet.get_latest_revision_as_object()
sheet.title = {BUDGET!r}
sheet.save_revision().publish()
PracticeSheetPage.objects.get(title__startswith="Un conseil des sages").save_revision().publish()
""")


def test_a_stopped_b_keeps_its_copies_reports_the_error_then_catches_up(
        synced, instance_a, client, django_capture_on_commit_callbacks):
    subscription, _report = synced
    received = RemoteSheet.objects.count()
    instance_a.stop()
    try:
        report = sync(subscription, django_capture_on_commit_callbacks)
        assert not report.ok and "connection refused" in report.error
        assert RemoteSheet.objects.count() == received
        assert subscription.failures == 1 and subscription.last_error == report.error
        assert subscription.next_attempt_at > subscription.last_attempt_at
        health = client.get("/healthz").json()["checks"]["federation"]
        assert health["failing"] == 1 and "connection refused" in health["last_error"]
        assert client.get("/pratiques/").status_code == 200
        instance_a.python("""
from plugins.practice_library.models import PracticeSheetPage
PracticeSheetPage.objects.get(title__startswith="Une gouvernance collégiale").unpublish()
""")
    finally:
        instance_a.start()
    report = sync(subscription, django_capture_on_commit_callbacks)
    assert report.ok and report.deleted == 1
    assert subscription.failures == 0 and subscription.last_error == ""
    assert RemoteSheet.objects.count() == received - 1


def test_unsubscribing_removes_every_sheet_of_the_instance(
        synced, django_capture_on_commit_callbacks):
    subscription, report = synced
    with django_capture_on_commit_callbacks(execute=True):
        assert services.unsubscribe(subscription) == report.created
    assert not RemoteSheet.objects.exists() and not Subscription.objects.exists()
    assert database_titles() == set()


def test_the_federation_command(instance_a, library, capsys):
    call_command("federation", "subscribe", instance_a.federation_url)
    out = capsys.readouterr().out
    received = RemoteSheet.objects.count()
    assert received and f"{received} nouvelles" in out
    call_command("federation", "list")
    assert "Ville d'Allonnes" in capsys.readouterr().out
    call_command("federation", "sync", instance_a.federation_url)
    assert "0 nouvelles" in capsys.readouterr().out
    call_command("federation", "unsubscribe", instance_a.federation_url)
    assert f"{received} sheets removed" in capsys.readouterr().out
