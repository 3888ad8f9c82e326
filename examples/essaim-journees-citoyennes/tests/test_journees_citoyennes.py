"""The plugin is found through its entry point and every hook it implements is called."""

import logging
from datetime import timedelta
from importlib.metadata import entry_points
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from essaim_journees_citoyennes.models import VolunteerDayPage

from core.events import emit
from core.plugin_manager import get_plugin_manager

PLUGIN = "journees_citoyennes"
BEAT_ENTRY = "journees-citoyennes-weekly-reminders"


def add_day(home, slug, days_from_now, **fields):
    day = VolunteerDayPage(slug=slug, title=f"Journée {slug}", meeting_place="Place du marché",
                           date=timezone.localdate() + timedelta(days=days_from_now), **fields)
    home.add_child(instance=day)
    day.save_revision().publish()
    return day


# --- Discovery ---------------------------------------------------------------


def test_entry_point_is_declared_by_the_distribution():
    (ep,) = entry_points(group="essaim.plugins", name=PLUGIN)
    assert ep.value == "essaim_journees_citoyennes.plugin"
    assert ep.dist.name == "essaim-journees-citoyennes"


def test_plugin_manager_discovers_and_enables_it():
    info = {info.name: info for info in get_plugin_manager().infos}[PLUGIN]
    assert (info.origin, info.enabled) == ("entry point", True)
    assert info.distribution == "essaim-journees-citoyennes"
    assert info.requires == ">=0.1,<1"
    # Found without being named in any Essaim setting.
    assert PLUGIN not in (settings.ESSAIM_PLUGINS or [])


def test_plugins_command_lists_it():
    out = StringIO()
    call_command("plugins", stdout=out)
    (line,) = [line for line in out.getvalue().splitlines() if line.startswith(PLUGIN)]
    assert line.split() == [PLUGIN, "0.1.0", "entry", "point", "essaim-journees-citoyennes",
                            "enabled"]


def test_installed_apps_hook_adds_the_app():
    assert "essaim_journees_citoyennes" in settings.INSTALLED_APPS
    assert apps.get_app_config(PLUGIN).name == "essaim_journees_citoyennes"


# --- Wagtail page type ---------------------------------------------------------


def test_page_type_is_offered_under_the_home_page(demo_site, admin_client):
    response = admin_client.get(f"/admin/pages/{demo_site.pk}/add_subpage/")
    assert response.status_code == 200
    assert f"/admin/pages/add/{PLUGIN}/volunteerdaypage/{demo_site.pk}/" in response.text


def test_volunteer_day_page_renders(demo_site, client):
    day = add_day(demo_site, "berges", 3)
    response = client.get(day.url)
    assert response.status_code == 200
    assert "Place du marché" in response.text
    assert "Lieu de rendez-vous" in response.text  # French translation from locale/


# --- home_sections and demo_content ------------------------------------------------


def test_home_page_lists_upcoming_volunteer_days(demo_site, client):
    add_day(demo_site, "passee", -1)
    response = client.get("/")
    assert response.status_code == 200
    assert "Journées citoyennes" in response.text
    assert "Journée citoyenne au parc des Mésanges" in response.text  # from demo_content
    assert "Journée passee" not in response.text


def test_no_home_section_without_upcoming_days(db, rf):
    from core.home import collect_home_sections

    titles = [section.title for section in collect_home_sections(rf.get("/"))]
    assert "Journées citoyennes" not in titles


# --- beat_schedule and the task -------------------------------------------------------


def test_beat_entry_is_in_the_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE[BEAT_ENTRY]
    assert entry["task"] == "essaim_journees_citoyennes.tasks.send_weekly_reminders"


def test_scheduled_task_reminds_organisers_of_the_coming_week(demo_site, mailoutbox):
    from core import celery_app

    add_day(demo_site, "cette-semaine", 5, organiser_email="orga@ville.example")
    add_day(demo_site, "plus-tard", 20, organiser_email="tard@ville.example")
    add_day(demo_site, "sans-courriel", 2)

    # Look the task up by the name the beat entry gives, as a worker would.
    celery_app.loader.import_default_modules()
    task = celery_app.tasks[settings.CELERY_BEAT_SCHEDULE[BEAT_ENTRY]["task"]]
    assert task.delay().get() == 1

    (mail,) = mailoutbox
    assert mail.to == ["orga@ville.example"]
    assert mail.subject == "Rappel : Journée cette-semaine"
    assert "Place du marché" in mail.body


# --- booking_confirmed domain event ----------------------------------------------------


@pytest.fixture
def booking(db):
    from datetime import timedelta

    from django.utils import timezone

    from core.bookings.models import Booking, Offering

    start = timezone.now() + timedelta(days=3)
    offering = Offering.objects.create(title="Atelier", starts_at=start,
                                       ends_at=start + timedelta(hours=2), capacity=5)
    return Booking.objects.create(offering=offering, name="Camille",
                                  email="camille@example.org")


def test_booking_confirmed_reaches_the_subscriber_after_commit(
        demo_site, booking, caplog, django_capture_on_commit_callbacks):
    caplog.set_level(logging.INFO, logger="essaim_journees_citoyennes.plugin")
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            emit("booking_confirmed", booking=booking)
        assert "Camille" not in caplog.text  # nothing before the commit

    (record,) = [r for r in caplog.records if r.name == "essaim_journees_citoyennes.plugin"]
    assert record.getMessage().startswith("Booking Camille – Atelier confirmed; suggesting the "
                                          "volunteer day 'Journée citoyenne au parc des Mésanges'")


def test_booking_confirmed_without_upcoming_day(booking, caplog,
                                                django_capture_on_commit_callbacks):
    caplog.set_level(logging.INFO, logger="essaim_journees_citoyennes.plugin")
    with django_capture_on_commit_callbacks(execute=True):
        emit("booking_confirmed", booking=booking)
    assert "Booking Camille – Atelier confirmed; no volunteer day to suggest." in caplog.messages
