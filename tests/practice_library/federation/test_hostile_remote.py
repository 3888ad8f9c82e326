"""A hostile remote (a small HTTP server on loopback serving crafted documents) changes
nothing it should not: oversized or endless pages, malformed JSON, markup injection,
withdrawals of sheets it does not own, addresses outside the policy."""

import json

import pytest

from core import remote
from plugins.practice_library.federation import services
from plugins.practice_library.federation.models import RemoteSheet, Subscription

from .loopback import LoopbackServer


class Hostile:
    """Routes: path (with query) → (status, headers, body bytes)."""

    def __init__(self):
        self.routes = {}
        self.server = LoopbackServer(lambda path, _headers: self.routes.get(
            path, (404, {}, b'{"error": "not found"}')))

    @property
    def url(self):
        return self.server.url

    def json(self, path, document, status=200):
        self.routes[path] = (status, {"Content-Type": "application/activity+json"},
                             json.dumps(document).encode())

    def raw(self, path, body, status=200, headers=None):
        self.routes[path] = (status, headers or {}, body)

    def actor(self, name="Hostile", actor_id=None):
        self.json("/federation/", {"id": actor_id or f"{self.url}/federation/",
                                   "type": "Organization", "name": name,
                                   "url": f"{self.url}/", "outbox": f"{self.url}/outbox"})
        self.json("/outbox", {"type": "OrderedCollection", "id": f"{self.url}/outbox",
                              "first": f"{self.url}/outbox?after=0"})

    def page(self, after, items, next_after=None):
        page = {"type": "OrderedCollectionPage", "id": f"{self.url}/outbox?after={after}",
                "orderedItems": items}
        if next_after is not None:
            page["next"] = f"{self.url}/outbox?after={next_after}"
        self.json(f"/outbox?after={after}", page)

    def article(self, number, **fields):
        article = {"id": f"{self.url}/fiches/{number}", "type": "Article",
                   "name": f"Fiche hostile {number}", "url": f"{self.url}/pratiques/{number}/",
                   "territory": {"name": "Hostileville", "inseeCode": "72003",
                                 "population": 11000},
                   "licence": {"id": "cc-by-sa-4.0"},
                   "updated": "2025-01-01T10:00:00+00:00",
                   "published": "2024-01-01T10:00:00+00:00"}
        article.update(fields)
        return {"type": "Create", "actor": f"{self.url}/federation/", "object": article}

    def stop(self):
        self.server.stop()


@pytest.fixture(scope="module")
def hostile():
    server = Hostile()
    yield server
    server.stop()


@pytest.fixture
def follow(hostile, library, django_capture_on_commit_callbacks):
    hostile.routes.clear()
    hostile.actor()

    def follow(items=(), **page):
        hostile.page(0, list(items), **page)
        with django_capture_on_commit_callbacks(execute=True):
            subscription = services.subscribe(f"{hostile.url}/federation/")
            report = services.sync(subscription)
        subscription.refresh_from_db()
        return subscription, report

    return follow


def resync(subscription, capture):
    with capture(execute=True):
        report = services.sync(subscription)
    subscription.refresh_from_db()
    return report


def test_sections_are_sanitised_and_unknown_taxonomies_kept_as_labels(follow, hostile,
                                                                     client):
    subscription, report = follow([hostile.article(
        1, name='<script>alert("t")</script>Fiche', keyPoints=['<img src=x onerror=alert(1)>'],
        sections=[{"name": "context", "content":
                   '<p onclick="alert(1)">Texte <script>alert(2)</script>'
                   '<a href="javascript:alert(3)">j</a><a linktype="page" id="3">interne</a>'
                   '<embed embedtype="image" id="1"/><iframe src="https://x"></iframe>'
                   '<a href="https://ailleurs.example/doc">doc</a></p>'}],
        mechanisms=[{"slug": "budget-participatif", "name": "Budget participatif"},
                    {"slug": "hackathon-citoyen", "name": "Hackathon citoyen"}])])
    assert report.created == 1 and not report.refused, report.refused
    sheet = RemoteSheet.objects.get()
    assert sheet.data["sections"][0]["html"] == (
        '<p>Texte <a>j</a><a>interne</a><a href="https://ailleurs.example/doc">doc</a></p>')
    assert [m.name for m in sheet.mechanisms] == ["Budget participatif", "Hackathon citoyen"]
    assert sheet.slugs("mechanisms") == ["budget-participatif"]
    html = client.get(sheet.get_absolute_url()).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html and "onclick" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # shown as the text it is
    assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;Fiche" in html
    assert "Hackathon citoyen" in html


@pytest.mark.parametrize("fields, where", [
    ({"licence": {"id": "all-rights-reserved"}}, "licence.id"),
    ({"licence": None}, "licence"),
    ({"name": 12}, "object.name"),
    ({"name": "x" * 300}, "object.name"),
    ({"territory": "Hostileville"}, "territory"),
    ({"participationLevel": "dictatorship"}, "participationLevel"),
    ({"startDate": "hier"}, "startDate"),
    ({"volunteers": -4}, "volunteers"),
    ({"totalCost": "NaN"}, "totalCost"),
    ({"id": "https://allonnes.example/fiches/1"}, "object.id"),
    ({"url": "javascript:alert(1)"}, "object.url"),
    ({"links": [{"name": "x", "url": "file:///etc/passwd"}]}, "links[1].url"),
    ({"mechanisms": "budget"}, "mechanisms"),
    ({"updated": "2025-01-01"}, "updated"),
    ({"sections": [{"name": "appendix", "content": "<p>x</p>"}]}, "sections[1].name"),
])
def test_what_breaks_the_schema_is_refused_and_said(follow, hostile, fields, where):
    subscription, report = follow([hostile.article(1, **fields)])
    assert report.ok and report.created == 0 and not RemoteSheet.objects.exists()
    assert len(report.refused) == 1 and report.refused[0].startswith(where), report.refused
    assert subscription.last_error.startswith("élément(s) refusé(s) : 1")


def test_a_remote_withdraws_only_its_own_sheets(follow, hostile, instance_free_sheet,
                                                django_capture_on_commit_callbacks):
    other = instance_free_sheet  # received from another instance
    subscription, report = follow([
        hostile.article(1),
        {"type": "Delete", "actor": f"{hostile.url}/federation/", "object": other.remote_id},
        {"type": "Delete", "actor": f"{hostile.url}/federation/",
         "object": f"{hostile.url}/fiches/999"},
        {"type": "Delete", "actor": other.subscription.actor_id,
         "object": f"{hostile.url}/fiches/1"},
    ])
    assert report.created == 1 and report.deleted == 0 and len(report.refused) == 2
    assert RemoteSheet.objects.filter(pk=other.pk).exists()
    assert RemoteSheet.objects.filter(subscription=subscription).count() == 1


@pytest.fixture
def instance_free_sheet(db):
    other = Subscription.objects.create(address="https://allonnes.example/federation/",
                                        actor_id="https://allonnes.example/federation/",
                                        origin="allonnes.example", name="Allonnes")
    return RemoteSheet.objects.create(subscription=other,
                                      remote_id="https://allonnes.example/fiches/1",
                                      url="https://allonnes.example/pratiques/1/",
                                      title="Fiche d'Allonnes", licence="cc-by-sa-4.0",
                                      data={"territory": {"name": "Allonnes"}})


def test_malformed_json_and_oversized_pages_change_nothing(
        follow, hostile, settings, django_capture_on_commit_callbacks):
    hostile.page(1, [])
    subscription, report = follow([hostile.article(1)], next_after=1)
    assert report.created == 1 and report.ok
    cursor = subscription.cursor
    hostile.raw("/outbox?after=1", b'{"type": "OrderedCollectionPage", "orderedItems": [')
    report = resync(subscription, django_capture_on_commit_callbacks)
    assert not report.ok and "not valid JSON" in report.error
    assert subscription.cursor == cursor and subscription.failures == 1

    settings.ESSAIM_FEDERATION_MAX_RESPONSE_BYTES = 4000
    hostile.page(1, [hostile.article(2, summary="x" * 5000)])
    Subscription.objects.filter(pk=subscription.pk).update(next_attempt_at=subscription.created_at)
    report = resync(subscription, django_capture_on_commit_callbacks)
    assert not report.ok and "larger than 4000 bytes" in report.error
    assert subscription.cursor == cursor and subscription.failures == 2
    assert subscription.next_attempt_at - subscription.last_error_at > \
        services.retry_delay(1)  # backoff grows
    assert RemoteSheet.objects.count() == 1

    settings.ESSAIM_FEDERATION_MAX_ITEMS_PER_PAGE = 3
    hostile.page(1, [hostile.article(n) for n in range(2, 7)])
    report = resync(subscription, django_capture_on_commit_callbacks)
    assert "more than 3 items" in report.error and RemoteSheet.objects.count() == 1


def test_endless_pagination_is_bounded_and_loops_are_refused(
        follow, hostile, settings, django_capture_on_commit_callbacks):
    settings.ESSAIM_FEDERATION_MAX_PAGES_PER_RUN = 3
    hostile.actor()
    for after in range(0, 10):
        hostile.page(after, [hostile.article(after + 1)], next_after=after + 1)
    subscription, report = follow([hostile.article(1)], next_after=1)
    assert report.ok and report.more and report.pages == 3
    assert RemoteSheet.objects.count() == 3
    assert subscription.cursor.endswith("?after=3")

    hostile.page(3, [hostile.article(4)], next_after=3)  # points to itself
    report = resync(subscription, django_capture_on_commit_callbacks)
    assert not report.ok and "reviennent en boucle" in report.error


def test_an_instance_cannot_pass_itself_off_as_another(hostile, library):
    hostile.routes.clear()
    hostile.json("/federation/", {"id": "https://allonnes.example/federation/",
                                  "type": "Organization", "name": "Allonnes",
                                  "outbox": "https://allonnes.example/federation/outbox"})
    with pytest.raises(services.FederationError, match="décrit une autre adresse"):
        services.subscribe(f"{hostile.url}/federation/")
    assert not Subscription.objects.exists()


def test_redirects_are_bounded(hostile, settings):
    for hop in range(5):
        hostile.raw(f"/r{hop}", b"", status=302, headers={"Location": f"/r{hop + 1}"})
    hostile.raw("/r5", b"{}", headers={"Content-Type": "application/json"})
    assert remote.fetch(f"{hostile.url}/r2").status == 200  # three redirects
    with pytest.raises(remote.RemoteError, match="more than 3 redirects"):
        remote.fetch(f"{hostile.url}/r0")


def test_addresses_outside_the_policy_are_refused(hostile, settings, library):
    settings.ESSAIM_REMOTE_ALLOW_PRIVATE_ADDRESSES = False
    for address in ("127.0.0.1", "10.1.2.3", "192.168.0.1", "169.254.169.254", "::1",
                    "::ffff:127.0.0.1", "fe80::1", "0.0.0.0", "localhost"):
        with pytest.raises(remote.RemoteError, match="private, loopback or link-local"):
            remote.resolve(address, 443)
    with pytest.raises(services.FederationError, match="private, loopback"):
        services.subscribe(f"{hostile.url}/federation/")
    settings.ESSAIM_REMOTE_ALLOW_HTTP = False
    for address in ("http://example.org/federation/", "file:///etc/passwd",
                    "ftp://example.org/", "https://user:secret@example.org/"):
        with pytest.raises(remote.RemoteError):
            remote.check_url(address)
    assert remote.check_url("https://participation.example.org/federation/") == (
        "https", "participation.example.org", 443)
    assert not Subscription.objects.exists()
