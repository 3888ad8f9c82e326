"""Hooks of the journées citoyennes plugin: volunteer days residents sign up for."""

from datetime import timedelta

from celery import shared_task
from celery.schedules import crontab

from core import kit
from core.hookspecs import hookimpl

ESSAIM_REQUIRES = ">=0.1,<1"
DAY = "essaim_journees_citoyennes.VolunteerDayPage"


@hookimpl
def installed_apps():
    return ["essaim_journees_citoyennes"]


@hookimpl
def urlpatterns():
    return kit.sign_up_urls(DAY, "journees-citoyennes")


@hookimpl
def search_documents():
    return [kit.page_search_document(DAY, "location", "description")]


@hookimpl
def home_sections(request):
    return kit.upcoming_section(DAY, order=50)


@hookimpl
def demo_content(home_page):
    kit.ensure_child_page(home_page, DAY, "journee-citoyenne-parc-des-mesanges",
                          title="Journée citoyenne au parc des Mésanges", capacity=25,
                          location="Parc des Mésanges", organiser_email="parcs@ville.example",
                          **kit.event_dates(days=12, hour=9, hours=3))


@hookimpl
def booking_confirmed(booking):
    day = kit.owner_of(booking, DAY)
    if day is not None and not day.seats_left:
        day.tell_organiser("full")


@hookimpl
def beat_schedule():
    return {"journees-citoyennes-reminders": {"task": "journees_citoyennes.remind",
                                              "schedule": crontab(day_of_week=1, hour=8)}}


@shared_task(name="journees_citoyennes.remind")
def remind_organisers():
    """Each Monday, organisers of the week's volunteer days hear how many are coming."""
    for day in kit.upcoming(DAY, within=timedelta(days=7)):
        day.tell_organiser("reminder")
