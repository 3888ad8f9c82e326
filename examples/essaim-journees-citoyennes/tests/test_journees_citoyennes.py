"""The plugin is found through its entry point, and every part of it works as a resident,
an organiser and an operator meet it: the page, sign-ups and the waiting list, the
calendar, search, the home page, the weekly reminder and the "full" email."""

from datetime import timedelta
from importlib.metadata import entry_points
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from essaim_journees_citoyennes.models import VolunteerDayPage

from core import kit
from core.bookings import services
from core.bookings.models import Booking, BookingStatus
from core.plugin_manager import get_plugin_manager

PLUGIN = "journees_citoyennes"
BEAT_ENTRY = "journees-citoyennes-reminders"
ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]


@pytest.fixture
def add_day(home):
    def add(slug, days_from_now, **fields):
        fields.setdefault("capacity", 10)
        day = VolunteerDayPage(slug=slug, title=f"Journée {slug}", location="Place du marché",
                               **kit.event_dates(days=days_from_now, hour=9, hours=3),
                               **fields)
        home.add_child(instance=day)
        day.save_revision().publish()
        day.refresh_from_db()
        return day
    return add


def sign_up(client, day, email, name="Camille"):
    return client.post(f"/journees-citoyennes/{day.pk}/inscription/", {
        "name": name, "email": email, "party_size": "1", "consent": "on"})


# --- Discovery ------------------------------------------------------------------------


def test_entry_point_is_declared_by_the_distribution():
    (ep,) = entry_points(group="essaim.plugins", name=PLUGIN)
    assert ep.value == "essaim_journees_citoyennes.plugin"
    assert ep.dist.name == "essaim-journees-citoyennes"


def test_plugins_command_lists_it_enabled_without_any_setting():
    out = StringIO()
    call_command("plugins", stdout=out)
    (line,) = [line for line in out.getvalue().splitlines() if line.startswith(PLUGIN)]
    assert line.split() == [PLUGIN, "0.1.0", "entry", "point", "essaim-journees-citoyennes",
                            "enabled"]
    assert "essaim_journees_citoyennes" in settings.INSTALLED_APPS
    assert PLUGIN not in (settings.ESSAIM_PLUGINS or [])


def test_the_plugin_fits_in_sixty_lines_of_python():
    """The example shows that the kit carries the weight: its Python outside tests and
    migrations stays within 60 non-blank lines."""
    package = ROOT / "essaim_journees_citoyennes"
    lines = [line for path in package.rglob("*.py") if "migrations" not in path.parts
             for line in path.read_text().splitlines() if line.strip()]
    assert len(lines) <= 60


# --- The page and its sign-ups ------------------------------------------------------


def test_page_type_is_offered_under_the_home_page(home, admin_client):
    response = admin_client.get(f"/admin/pages/{home.pk}/add_subpage/")
    assert f"/admin/pages/add/essaim_journees_citoyennes/volunteerdaypage/{home.pk}/" \
        in response.text


def test_residents_sign_up_then_join_the_waiting_list_and_the_organiser_is_told(
        add_day, client, mailoutbox, django_capture_on_commit_callbacks):
    day = add_day("berges", 3, capacity=1, organiser_email="orga@ville.example")
    page = client.get(day.url).text
    assert "Place du marché" in page and "1 place restante" in page
    assert f'href="/journees-citoyennes/{day.pk}/inscription/"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, day, "camille@example.org")
    assert response.status_code == 302 and response["Location"] == day.url
    first = Booking.objects.get(email="camille@example.org")
    assert first.status == BookingStatus.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm(first)
    assert [m.subject for m in mailoutbox if m.to == ["orga@ville.example"]] == [
        "Journée berges est complète"]

    assert "liste d'attente" in client.get(day.url).text
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, day, "dominique@example.org", name="Dominique")
        services.confirm(Booking.objects.get(email="dominique@example.org"))
    assert Booking.objects.get(email="dominique@example.org").status == \
        BookingStatus.WAITLISTED
    # Only the booking that filled the day sends the "full" email.
    assert len([m for m in mailoutbox if m.to == ["orga@ville.example"]]) == 1


def test_calendar_of_a_day_and_feed_of_all(add_day, client):
    day = add_day("square", 4)
    add_day("passee", -2)
    single = client.get(f"/journees-citoyennes/{day.pk}/calendrier.ics")
    assert single["Content-Type"].startswith("text/calendar")
    assert b"SUMMARY:Journ\xc3\xa9e square" in single.content
    feed = client.get("/journees-citoyennes/calendrier.ics").content
    assert b"Journ\xc3\xa9e square" in feed and b"passee" not in feed


# --- Search, home page, demo ------------------------------------------------------------


def test_volunteer_days_are_searchable(add_day, client, django_capture_on_commit_callbacks):
    from search import api

    with django_capture_on_commit_callbacks(execute=True):
        add_day("lavoir", 6, description="<p>Nettoyage du vieux lavoir.</p>")
    results = api.search("volunteerdaypage", "lavoir")
    assert [hit.data["title"] for hit in results.hits] == ["Journée lavoir"]


def test_home_page_lists_upcoming_days_with_their_seats(add_day, client):
    add_day("prochaine", 5, capacity=12)
    add_day("passee", -1)
    page = client.get("/").text
    assert "Journées citoyennes" in page
    assert "Journée prochaine" in page and "12 places restantes" in page
    assert "Journée passee" not in page


def test_demo_content_is_created_once(home):
    hook = get_plugin_manager().hook.demo_content
    hook(home_page=home)
    hook(home_page=home)
    day = VolunteerDayPage.objects.get(slug="journee-citoyenne-parc-des-mesanges")
    assert day.live and day.offering.capacity == 25


# --- The weekly reminder ------------------------------------------------------------------


def test_beat_task_tells_organisers_of_the_week(add_day, mailoutbox,
                                                django_capture_on_commit_callbacks):
    from core import celery_app

    add_day("cette-semaine", 5, organiser_email="orga@ville.example")
    add_day("plus-tard", 20, organiser_email="tard@ville.example")
    add_day("sans-courriel", 2)
    # Looked up by the name the beat entry gives, as a worker would.
    task = celery_app.tasks[settings.CELERY_BEAT_SCHEDULE[BEAT_ENTRY]["task"]]
    with django_capture_on_commit_callbacks(execute=True):
        task.delay().get()
    (mail,) = mailoutbox
    assert mail.to == ["orga@ville.example"]
    assert mail.subject == "Journée cette-semaine : 0 bénévole cette semaine"
    assert "0 bénévole inscrit" in mail.body


def test_past_and_far_days_are_not_in_the_coming_week(add_day):
    add_day("demain", 1)
    add_day("loin", 9)
    assert [d.slug for d in kit.upcoming(VolunteerDayPage, within=timedelta(days=7))] == [
        "demain"]
