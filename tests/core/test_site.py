"""What a visitor sees: home page with plugin sections, index pages, footer, API, health."""

import json
from unittest import mock

import pytest
from django.db import connection
from django.db.utils import OperationalError

pytestmark = pytest.mark.django_db


def test_home_shows_a_section_for_each_plugin(client, demo_site):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    for url in ("/pratiques/", "/chartes/", "/formations/", "/visites/"):
        assert f'href="{url}"' in html
    sections = response.context["sections"]
    built_in = ["/pratiques/", "/chartes/", "/formations/", "/visites/"]
    assert [s.url for s in sections if s.key.endswith(":index")] == built_in


def test_a_section_disappears_when_its_page_is_unpublished(client, demo_site):
    from plugins.visits.models import VisitIndexPage

    VisitIndexPage.objects.get().unpublish()
    assert "/visites/" not in [s.url for s in client.get("/").context["sections"]]


@pytest.mark.parametrize("url,title", [
    ("/pratiques/", "Pratiques"), ("/chartes/", "Chartes"),
    ("/formations/", "Formations"), ("/visites/", "Visites citoyennes"),
])
def test_each_plugin_index_page_is_served(client, demo_site, url, title):
    response = client.get(url)
    assert response.status_code == 200
    assert f"<h1>{title}</h1>" in response.content.decode()


def test_pages_have_skip_links_and_footer_pages(client, demo_site):
    html = client.get("/pratiques/").content.decode()
    assert '<a href="#content">' in html and 'id="content"' in html
    for slug in ("accessibilite", "mentions-legales", "donnees-personnelles"):
        assert f'href="/{slug}/"' in html
    assert client.get("/accessibilite/").status_code == 200


def test_interface_is_french_by_default_and_english_on_request(client, demo_site):
    assert '<html lang="fr">' in client.get("/").content.decode()
    assert "Aller au contenu" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html and "Skip to content" in html


def test_home_query_count_is_bounded(
        client, demo_site, django_assert_max_num_queries):
    client.get("/")  # warm caches (site root paths)
    # (Two of them fetch the renditions of the next dates' images: twelve cache round
    # trips fewer, core/home.py.)
    with django_assert_max_num_queries(30):
        client.get("/")


def test_api_lists_published_pages(client, demo_site):
    response = client.get("/api/v2/pages/?type=core.StandardPage&fields=body")
    assert response.status_code == 200
    titles = {item["title"] for item in response.json()["items"]}
    assert "Mentions légales" in titles


def test_api_is_read_only(client, demo_site):
    assert client.post("/api/v2/pages/", {"title": "x"}).status_code == 405


def test_sitemap_lists_plugin_pages(client, demo_site):
    body = client.get("/sitemap.xml").content.decode()
    assert "/pratiques/" in body and "/visites/" in body


class TestHealth:
    def test_healthz_reports_each_service(self, client):
        response = client.get("/healthz")
        assert response.status_code == 200
        payload = response.json()
        assert payload["checks"]["database"] == {"ok": True, "vendor": connection.vendor}
        assert {"broker", "search"} <= set(payload["checks"])

    def test_healthz_is_503_when_the_database_is_down(self, client):
        with mock.patch("django.db.backends.utils.CursorWrapper.execute",
                        side_effect=OperationalError("connection refused")):
            response = client.get("/healthz")
        assert response.status_code == 503
        payload = json.loads(response.content)
        assert payload["status"] == "degraded"
        assert payload["checks"]["database"]["ok"] is False

    def test_services_are_checked_once_per_interval_and_the_database_every_time(
            self, client, settings, monkeypatch):
        from core import health

        settings.ESSAIM_HEALTH_CACHE_SECONDS = 5
        monkeypatch.setattr(health, "_memo", {"at": None, "checks": None})
        clock = [1000.0]
        monkeypatch.setattr(health.time, "monotonic", lambda: clock[0])
        calls = {"broker": 0, "database": 0}
        real_broker, real_database = health.broker_status, health.database_status

        def counted(name, real):
            def check():
                calls[name] += 1
                return real()
            return check

        monkeypatch.setattr(health, "broker_status", counted("broker", real_broker))
        monkeypatch.setattr(health, "database_status", counted("database", real_database))
        for _ in range(3):
            assert client.get("/healthz").status_code == 200
        assert calls == {"broker": 1, "database": 3}
        clock[0] += 5
        settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
        payload = client.get("/healthz").json()
        assert calls == {"broker": 2, "database": 4}
        assert payload["checks"]["broker"]["ok"] is False and payload["status"] == "degraded"

    def test_unreachable_broker_is_reported(self, client, settings):
        settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
        payload = client.get("/healthz").json()
        assert payload["checks"]["broker"]["ok"] is False
        assert payload["status"] == "degraded"
