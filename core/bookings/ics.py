"""iCalendar files (RFC 5545) for offerings, built with the icalendar library.

Times are written in UTC: every calendar application converts them to the
reader's zone, and no VTIMEZONE block has to be kept in sync.
"""

from datetime import UTC

from django.utils import timezone
from icalendar import Calendar, Event

from core.links import absolute_url

PRODID = "-//Essaim//Inscriptions//FR"


def _calendar(name=None):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def offering_event(offering, description=""):
    event = Event()
    event.add("uid", f"offering-{offering.pk}@essaim")
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", offering.starts_at.astimezone(UTC))
    event.add("dtend", offering.ends_at.astimezone(UTC))
    event.add("summary", offering.title)
    if offering.location:
        event.add("location", offering.location)
    if offering.page_url:
        event.add("url", absolute_url(offering.page_url))
    if description:
        event.add("description", description)
    event.add("status", "CANCELLED" if offering.is_cancelled else "CONFIRMED")
    return event


def calendar_for(offerings, name=None, description=""):
    """Bytes of a calendar holding one event per offering."""
    calendar = _calendar(name)
    for offering in offerings:
        calendar.add_component(offering_event(offering, description))
    return calendar.to_ical()


def calendar_response(content, filename):
    """An HTTP response serving a calendar file that calendar apps open or subscribe to."""
    from django.http import HttpResponse

    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
