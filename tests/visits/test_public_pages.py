"""/visites/: upcoming dates with seats left, filters, visit pages, calendars."""

from datetime import timedelta

from django.urls import reverse
from icalendar import Calendar

from core.bookings import services


def test_the_list_shows_upcoming_dates_and_seats_left(client, slot):
    services.confirm(services.book(slot.offering, name="A", email="a@example.org",
                                   party_size=3, consent=True))
    page = client.get("/visites/").content.decode()
    assert "Visite du tribunal judiciaire" in page
    assert "7 places restantes" in page


def test_filters(client, make_visit):
    make_visit(title="Visite accessible", reduced_mobility_access=True,
               institution="Mairie")
    make_visit(title="Visite complète", slots=((timedelta(days=3), 1),), institution="Sénat")
    full = make_visit(title="Visite pleine", slots=((timedelta(days=4), 1),))
    services.confirm(services.book(full.slots.get().offering, name="A",
                                   email="a@example.org", consent=True))
    accessible = client.get("/visites/?accessible=1").content.decode()
    assert "Visite accessible" in accessible and "Visite complète" not in accessible
    by_institution = client.get("/visites/?institution=S%C3%A9nat").content.decode()
    assert "Visite complète" in by_institution and "Visite accessible" not in by_institution
    with_seats = client.get("/visites/?places=1").content.decode()
    assert "Visite pleine" not in with_seats and "Visite complète" in with_seats
    assert client.get("/visites/?mois=2001-01").content.decode().count('data-slot=') == 0
    assert client.get("/visites/?mois=nonsense").status_code == 200


def test_the_visit_page_states_conditions(client, make_visit):
    page = make_visit(id_required=True, minimum_age=12)
    content = client.get(page.url).content.decode()
    assert "Une pièce d'identité est exigée" in content
    assert "12 ans" in content


def test_per_slot_calendar_file(client, slot):
    response = client.get(reverse("visits:calendar", args=[slot.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == slot.starts_at.replace(microsecond=0)
    assert event.decoded("dtstart").utcoffset().total_seconds() == 0


def test_subscribable_feed_of_all_visits(client, make_visit):
    def events():
        feed = Calendar.from_ical(client.get(reverse("visits:calendar_feed")).content)
        return feed.walk("VEVENT")

    before = len(events())
    make_visit(slots=((timedelta(days=2), 5), (timedelta(days=9), 5)))
    make_visit(title="Autre visite")
    assert len(events()) == before + 3


def test_cancelled_or_past_dates_are_not_listed(client, make_visit):
    visit = make_visit(slots=((timedelta(days=-2), 5), (timedelta(days=5), 5)))
    upcoming = visit.slots.order_by("starts_at").last()
    services.cancel_offering(upcoming.offering)
    listed = client.get("/visites/").content.decode()
    for slot in visit.slots.all():
        assert f'data-slot="{slot.pk}"' not in listed


def test_demo_content_is_idempotent(demo_site):
    from django.core.management import call_command

    from plugins.visits.models import VisitPage, VisitSlot

    counts = (VisitPage.objects.count(), VisitSlot.objects.count())
    assert counts[0] >= 3 and counts[1] >= 5
    call_command("demo", stdout=__import__("io").StringIO())
    assert (VisitPage.objects.count(), VisitSlot.objects.count()) == counts
    assert VisitPage.objects.filter(kind="senat").exists()


def test_month_filter_lists_months_by_name(client, slot):
    from django.utils import timezone
    from django.utils.formats import date_format

    start = timezone.localtime(slot.starts_at)
    page = client.get(f"/visites/?mois={start:%Y-%m}").content.decode()
    assert f'data-slot="{slot.pk}"' in page
    assert f'<option value="{start:%Y-%m}" selected>' in page
    assert date_format(start, "F Y").capitalize() in page
