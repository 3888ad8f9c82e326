"""Hook implementations of the journées citoyennes plugin.

Essaim imports this module while its settings are computed, so Django models
are imported inside the hooks that need them, never at module level.
"""

import logging
from datetime import timedelta

from celery.schedules import crontab
from django.utils import timezone
from django.utils.translation import gettext as _

from core.hookspecs import hookimpl

ESSAIM_REQUIRES = ">=0.1,<1"

logger = logging.getLogger(__name__)


@hookimpl
def installed_apps():
    return ["essaim_journees_citoyennes"]


@hookimpl
def beat_schedule():
    return {
        "journees-citoyennes-weekly-reminders": {
            "task": "essaim_journees_citoyennes.tasks.send_weekly_reminders",
            "schedule": crontab(day_of_week="monday", hour=8, minute=0),
        },
    }


@hookimpl
def home_sections(request):
    from core.home import HomeSection

    from .models import VolunteerDayPage

    days = list(VolunteerDayPage.objects.upcoming()[:5])
    if not days:
        return []
    return [HomeSection(
        title=_("Volunteer days"),
        description=_("Residents meet to look after parks, streets and shared places. "
                      "Everyone is welcome, no registration needed."),
        order=50,
        template="journees_citoyennes/includes/home_section.html",
        context={"days": days},
    )]


@hookimpl
def demo_content(home_page):
    from core.demo import ensure_child_page

    from .models import VolunteerDayPage

    ensure_child_page(
        home_page, VolunteerDayPage, slug="journee-citoyenne-parc-des-mesanges",
        title="Journée citoyenne au parc des Mésanges",
        date=timezone.localdate() + timedelta(days=14),
        meeting_place="Entrée du parc, rue des Tilleuls",
        description="<p>Désherbage des massifs, ramassage des déchets et plantation de "
                    "bulbes. Gants et outils fournis, café offert.</p>",
    )


@hookimpl
def booking_confirmed(booking):
    from .models import VolunteerDayPage

    day = VolunteerDayPage.objects.upcoming().first()
    if day is None:
        logger.info("Booking %s confirmed; no volunteer day to suggest.", booking)
    else:
        logger.info("Booking %s confirmed; suggesting the volunteer day %r on %s.",
                    booking, day.title, day.date.isoformat())
