"""The /formations/ catalogue, module pages, calendars and demo content."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from icalendar import Calendar

from plugins.trainings.models import (
    LearningPathPage,
    TrainingFormat,
    TrainingModulePage,
    TrainingSession,
    TrainingTopic,
)

pytestmark = pytest.mark.django_db


def titles(response):
    return {module.title for module in response.context["modules"]}


def test_topics_are_seeded_and_editable():
    slugs = set(TrainingTopic.objects.values_list("slug", flat=True))
    assert {"budget-de-la-ville", "methodologie-de-projet", "outils-de-concertation",
            "fonctionnement-des-institutions", "animation"} <= slugs


def test_filters_by_topic_audience_format_dates_and_seats(client, make_module, make_session,
                                                          confirmed_booking):
    budget = make_module(title="Budget A", for_residents=True)
    method = make_module(title="Méthode B", topic="methodologie-de-projet",
                         for_residents=False, for_agents=True, format=TrainingFormat.ONLINE)
    make_session(for_module=budget, starts_in=timedelta(days=40))
    full = make_session(for_module=method, starts_in=timedelta(days=3), capacity=1)
    confirmed_booking(full)
    base = "/formations/"
    assert {"Budget A", "Méthode B"} <= titles(client.get(base))
    assert "Méthode B" not in titles(client.get(base, {"theme": "budget-de-la-ville"}))
    assert titles(client.get(base, {"public": "agents"})) >= {"Méthode B"}
    assert "Budget A" not in titles(client.get(base, {"public": "agents"}))
    assert "Budget A" not in titles(client.get(base, {"format": "online"}))
    assert "Budget A" not in titles(client.get(base, {"periode": "7"}))
    seats = client.get(base, {"places": "1"})
    assert "Méthode B" not in titles(seats) and "Budget A" in titles(seats)
    nonsense = {"public": "nonsense", "format": "x", "periode": "9"}
    assert client.get(base, nonsense).status_code == 200


def test_module_page_lists_programme_and_sessions(client, session):
    page = client.get(session.module.url)
    assert page.status_code == 200
    assert reverse("trainings:sign_up", args=[session.pk]) in page.content.decode()


def test_calendar_feed_holds_upcoming_sessions(client, session):
    response = client.get(reverse("trainings:calendar_feed"))
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert session.module.title in {str(event["summary"]) for event in events}


def test_session_parts_define_the_offering_dates(make_session):
    session = make_session(parts=2)
    first, second = session.sorted_parts()
    assert session.offering.starts_at == first.starts_at
    assert session.offering.ends_at == second.ends_at
    assert session.offering.max_party_size == 1


def test_demo_is_idempotent_and_complete(demo_site, client):
    counts = (TrainingModulePage.objects.count(), TrainingSession.objects.count(),
              LearningPathPage.objects.count())
    call_command("demo", stdout=StringIO())
    assert (TrainingModulePage.objects.count(), TrainingSession.objects.count(),
            LearningPathPage.objects.count()) == counts
    assert counts[0] >= 3 and counts[1] >= 3 and counts[2] == 1
    session = TrainingSession.objects.filter(agents_only=True).first()
    assert session is not None and session.trainers.exists()
    trainer = session.trainers.get()
    assert not trainer.has_usable_password()
    assert client.get("/formations/").status_code == 200
    path = LearningPathPage.objects.get()
    assert client.get(path.url).status_code == 200
