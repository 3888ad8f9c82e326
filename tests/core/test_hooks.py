"""Each hook, exercised through a throwaway plugin registered on the live manager."""

import importlib
import logging
import types

import pytest
from django.db import transaction
from django.urls import clear_url_caches, path

from core.events import emit
from core.home import HomeSection
from core.hookspecs import hookimpl
from core.plugin_manager import EssaimPluginManager, PluginError


@pytest.fixture
def reload_urls(settings):
    def _reload():
        import core.urls

        importlib.reload(core.urls)
        clear_url_caches()

    yield _reload
    _reload()


def fresh_manager(**hooks):
    manager = EssaimPluginManager()
    module = types.SimpleNamespace(**{k: hookimpl(v) for k, v in hooks.items()})
    manager.register(module, name="throwaway")
    return manager


def test_hook_installed_apps(settings):
    manager = fresh_manager(installed_apps=lambda: ["city_app", "other_app"])
    assert manager.installed_apps() == ["city_app", "other_app"]
    assert "plugins.practice_library" in settings.INSTALLED_APPS


def test_hook_settings_defaults():
    manager = fresh_manager(settings_defaults=lambda: {"CITY_FEATURE": True})
    assert manager.settings_defaults() == {"CITY_FEATURE": True}


def test_explicit_settings_win_over_plugin_defaults(tmp_path):
    import subprocess
    import sys

    code = ("import core.plugin_manager as p\n"
            "orig = p.EssaimPluginManager.settings_defaults\n"
            "p.EssaimPluginManager.settings_defaults = lambda self: "
            "{'TIME_ZONE': 'UTC', 'CITY_FEATURE': 42}\n"
            "import django; django.setup()\n"
            "from django.conf import settings as s; print(s.TIME_ZONE, s.CITY_FEATURE)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", "ESSAIM_VAR_DIR": str(tmp_path),
                                 "DJANGO_SETTINGS_MODULE": "core.settings.dev"}, check=False)
    assert result.stdout.split() == ["Europe/Paris", "42"], result.stderr


def test_hook_beat_schedule(settings):
    entry = {"task": "city.tasks.nightly", "schedule": 3600}
    manager = fresh_manager(beat_schedule=lambda: {"city-nightly": entry})
    assert manager.beat_schedule() == {"city-nightly": entry}
    other = types.SimpleNamespace(beat_schedule=hookimpl(lambda: {"city-nightly": entry}))
    manager.register(other, name="other")
    with pytest.raises(PluginError, match="both define 'city-nightly'"):
        manager.beat_schedule()


@pytest.mark.django_db
def test_hook_health_checks(client, register, db):
    def broken():
        raise RuntimeError("boom")

    register(health_checks=lambda: {"budget_vote": lambda: {"ok": True, "open": 2},
                                    "broken_check": broken})
    payload = client.get("/healthz").json()
    assert payload["checks"]["budget_vote"] == {"ok": True, "open": 2}
    assert payload["checks"]["broken_check"] == {"ok": False, "error": "RuntimeError"}
    assert payload["status"] == "degraded"


def test_hook_urlpatterns(client, register, reload_urls):
    from django.http import HttpResponse

    register(urlpatterns=lambda: [path("ville/ping/", lambda request: HttpResponse("pong"))])
    reload_urls()
    response = client.get("/ville/ping/")
    assert response.status_code == 200 and response.content == b"pong"


@pytest.mark.django_db
def test_hook_home_sections(client, demo_site, register):
    register(home_sections=lambda request: [
        HomeSection(title="Journées citoyennes", url="/journees/", order=1)])
    response = client.get("/")
    assert response.context["sections"][0].title == "Journées citoyennes"
    assert "Journées citoyennes" in response.content.decode()


def test_hook_search_documents(register):
    from search.documents import SearchDocument
    from search.registry import SearchRegistryError, get_documents

    document = SearchDocument(name="volunteer_day", label="Journées", document=object,
                              queryset=list, prepare=dict)
    register(search_documents=lambda: [document])
    assert get_documents()["volunteer_day"] is document
    register(name="broken", search_documents=lambda: ["not a document"])
    with pytest.raises(SearchRegistryError, match="'broken'"):
        get_documents()


def test_hook_demo_content(register, demo_site):
    """`essaim demo` on a site built before the plugin came calls its hook with the home
    page; run again, it adds nothing."""
    from io import StringIO

    from django.core.management import call_command

    from core.demo import ensure_child_page
    from core.models import StandardPage

    calls = []

    def demo_content(home_page):
        calls.append(home_page.pk)
        ensure_child_page(home_page, StandardPage, slug="journees", title="Journées citoyennes")

    register(demo_content=demo_content)
    call_command("demo", stdout=StringIO())
    call_command("demo", stdout=StringIO())
    assert calls == [demo_site.pk, demo_site.pk]
    (page,) = StandardPage.objects.filter(slug="journees")
    assert page.live and page.get_parent().pk == demo_site.pk


@pytest.mark.django_db
def test_hook_personal_data(register):
    from core.personal_data import PersonalDataSource, erase_all, export_all, purge_all

    kept = {"ballot@example.org": ["projet 3"]}
    source = PersonalDataSource(
        name="ballots", label="Votes", kept="Le projet choisi.", retention="Un an.",
        holds=lambda email: email in kept,
        export=lambda email: [{"project": p} for p in kept.get(email, [])],
        erase=lambda email, now: len(kept.pop(email, [])),
        purge=lambda now: 0)
    register(personal_data=lambda: [source])
    assert export_all("Ballot@Example.org")["sources"]["ballots"]["records"] == [
        {"project": "projet 3"}]
    assert erase_all("ballot@example.org")["ballots"] == 1 and kept == {}
    assert purge_all()["ballots"] == 0


def delivered_after_commit(event, argument, received, capture):
    """Emit ``event`` in a transaction: nothing is heard before the commit, once after."""
    with capture(execute=True):
        with transaction.atomic():
            emit(event, **{argument: "payload"})
            assert received == []
    return received


@pytest.mark.django_db
def test_hook_booking_confirmed(register, django_capture_on_commit_callbacks):
    received = []
    register(booking_confirmed=lambda booking: received.append(booking))
    assert delivered_after_commit("booking_confirmed", "booking", received,
                                  django_capture_on_commit_callbacks) == ["payload"]


@pytest.mark.django_db
def test_hook_booking_cancelled(register, django_capture_on_commit_callbacks):
    received = []
    register(booking_cancelled=lambda booking: received.append(booking))
    assert delivered_after_commit("booking_cancelled", "booking", received,
                                  django_capture_on_commit_callbacks) == ["payload"]


@pytest.mark.django_db
def test_hook_waitlist_offer_sent(register, django_capture_on_commit_callbacks):
    received = []
    register(waitlist_offer_sent=lambda booking: received.append(booking))
    assert delivered_after_commit("waitlist_offer_sent", "booking", received,
                                  django_capture_on_commit_callbacks) == ["payload"]


@pytest.mark.django_db(transaction=True)
def test_rolled_back_event_is_never_delivered(register):
    received = []
    register(booking_confirmed=lambda booking: received.append(booking))
    with pytest.raises(RuntimeError), transaction.atomic():
        emit("booking_confirmed", booking="b")
        raise RuntimeError("rollback")
    assert received == []


@pytest.mark.django_db
def test_failing_subscriber_does_not_stop_the_others(register, caplog,
                                                     django_capture_on_commit_callbacks):
    received = []

    def broken(booking):
        raise ValueError("boom")

    register(name="a_broken", booking_cancelled=broken)
    register(name="b_working", booking_cancelled=lambda booking: received.append(booking))
    with caplog.at_level(logging.ERROR, logger="core.events"):
        with django_capture_on_commit_callbacks(execute=True):
            emit("booking_cancelled", booking="b")
    assert received == ["b"]
    assert "Plugin 'a_broken' failed while handling booking_cancelled" in caplog.text


def test_unknown_event_is_a_programming_error():
    with pytest.raises(AttributeError):
        emit("booking_teleported", booking="b")
