"""The home page's live sections: the next dates, the latest sheets, recently adopted
charters, key figures; in the order editors choose, without those they hide; and a number
of queries that does not grow with the data."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import HomePage, HomeSectionChoice

pytestmark = pytest.mark.django_db


BUILT_IN = ("key-figures", "practice_library:", "charters:", "trainings:", "visits:")


def section_keys(client):
    """The keys of the built-in sections, in the order of the page (a city plugin installed
    alongside may add its own)."""
    keys = re.findall(r'<li class="home-section[^"]*" data-section="([^"]+)"',
                      client.get("/").content.decode())
    return [key for key in keys if key.startswith(BUILT_IN)]


def figure(client, key):
    html = client.get("/").content.decode()
    match = re.search(rf'data-figure="{re.escape(key)}">(.*?)</li>', html, re.S)
    if match is None:
        return None
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", match.group(1))).strip()


def test_plugins_contribute_live_sections_in_their_default_order(client, demo_site):
    assert section_keys(client) == [
        "key-figures", "practice_library:index", "charters:index", "trainings:index",
        "visits:index", "practice_library:latest",
        "visits:upcoming", "trainings:upcoming", "charters:adopted"]


def test_editors_order_and_hide_sections(client, demo_site):
    home = HomePage.objects.get()
    for order, (key, visible) in enumerate([("visits:upcoming", True),
                                            ("key-figures", True),
                                            ("practice_library:latest", False),
                                            ("charters:index", False)]):
        HomeSectionChoice.objects.create(page=home, key=key, visible=visible, sort_order=order)
    keys = section_keys(client)
    assert keys[:2] == ["visits:upcoming", "key-figures"]
    assert "practice_library:latest" not in keys and "charters:index" not in keys
    # Those not listed follow, in their default order.
    assert keys[2:] == ["practice_library:index", "trainings:index", "visits:index",
                        "trainings:upcoming", "charters:adopted"]


def test_the_admin_lists_the_sections_editors_can_choose(admin_client, demo_site):
    home = HomePage.objects.get()
    html = admin_client.get(f"/admin/pages/{home.pk}/edit/").content.decode()
    assert "Sections de la page d’accueil" in html or "Sections de la page d'accueil" in html
    assert '<option value="visits:upcoming">Prochaines visites avec des places</option>' in html
    assert '<option value="key-figures">En chiffres</option>' in html


def test_editors_choices_are_saved_from_the_page_editor(admin_client, demo_site):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    home = HomePage.objects.get()
    data = nested_form_data({
        "title": home.title, "slug": home.slug, "intro": home.intro,
        "section_choices": inline_formset([
            {"key": "charters:adopted", "visible": True},
            {"key": "visits:index", "visible": False}]),
        "action-publish": "publish",
    })
    response = admin_client.post(f"/admin/pages/{home.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    keys = section_keys(admin_client)
    assert keys[0] == "charters:adopted" and "visits:index" not in keys


def test_the_next_visits_leave_out_full_dates(client, demo_site):
    from core.bookings import services
    from plugins.visits.models import VisitSlot

    first = VisitSlot.objects.upcoming().first()
    first.capacity = 1
    first.save()  # the offering follows the capacity
    first = VisitSlot.objects.upcoming().get(pk=first.pk)
    services.confirm(services.book(first.offering, name="B", email="b@example.org",
                                   consent=True))
    html = client.get("/").content.decode()
    upcoming = html.split('data-section="visits:upcoming"')[1].split("</section>")[0]
    assert first.sign_up_url not in upcoming
    assert upcoming.count('class="card catalogue-card') == 3


def test_key_figures_count_territories_charters_and_people_trained_this_year(
        client, demo_site, django_capture_on_commit_callbacks):
    from core.bookings.models import Booking, BookingStatus
    from core.models import Territory
    from plugins.charters.models import CharterPage
    from plugins.practice_library.models import PracticeLibraryPage, PracticeSheetPage
    from plugins.trainings.models import SessionPart, TrainingModulePage, TrainingSession

    sheets = PracticeSheetPage.objects.live().public()
    territories = sheets.values("territory").distinct().count()
    charters = CharterPage.objects.live().public().count()
    assert figure(client, "practice_library:territories") == \
        f"{territories} territoires partagent leurs pratiques"
    assert figure(client, "charters:count") == f"{charters} chartes de participation"
    assert figure(client, "trainings:trained") is None  # nobody yet: no "0 people"

    # A sheet from one more territory, another from a territory already counted; one
    # charter fewer.
    paris = Territory.objects.get_or_create(insee_code="75056", defaults={
        "name": "Paris", "kind": "commune", "population": 2_100_000})[0]
    library = PracticeLibraryPage.objects.get()
    for n, territory in enumerate((paris, sheets.first().territory)):
        sheet = PracticeSheetPage(title=f"Fiche {n}", slug=f"fiche-chiffres-{n}",
                                  territory=territory, key_point_1="Un", key_point_2="Deux",
                                  key_point_3="Trois")
        library.add_child(instance=sheet)
        sheet.save_revision().publish()
    CharterPage.objects.live().first().unpublish()
    assert figure(client, "practice_library:territories") == \
        f"{territories + 1} territoires partagent leurs pratiques"
    assert figure(client, "charters:count") == f"{charters - 1} chartes de participation"

    # Two people attended a session this year, one of them twice; a third only signed up.
    module = TrainingModulePage.objects.live().first()
    now = timezone.now()
    start = max(now - timedelta(days=1),
                timezone.make_aware(timezone.datetime(timezone.localtime(now).year, 1, 1)))

    def attended(email, session, status=BookingStatus.ATTENDED):
        Booking.objects.create(offering=session.offering, name=email, email=email,
                               status=status)

    last_year = start.replace(year=start.year - 1)
    sessions = []
    for when in (start, start + timedelta(hours=3), last_year):
        session = TrainingSession(module=module, capacity=10, place="Salle 1")
        session.parts = [SessionPart(starts_at=when, ends_at=when + timedelta(hours=2))]
        with django_capture_on_commit_callbacks(execute=True):
            session.save()
        sessions.append(TrainingSession.objects.select_related("offering").get(pk=session.pk))
    attended("lea@example.org", sessions[0])
    assert figure(client, "trainings:trained") == "1 personne formée cette année"
    attended("lea@example.org", sessions[1])
    assert figure(client, "trainings:trained") == "1 personne formée cette année"
    attended("sami@example.org", sessions[0])
    attended("c@example.org", sessions[1], status=BookingStatus.CONFIRMED)
    attended("d@example.org", sessions[1], status=BookingStatus.NO_SHOW)
    attended("e@example.org", sessions[2])  # last year
    assert figure(client, "trainings:trained") == "2 personnes formées cette année"


def test_the_home_page_query_count_does_not_grow_with_the_data(
        client, demo_site, make_more_content):
    client.get("/")  # renditions and site root paths, made once
    with CaptureQueriesContext(connection) as before:
        client.get("/")
    make_more_content()
    client.get("/")
    with CaptureQueriesContext(connection) as after:
        client.get("/")
    assert len(after) == len(before), "\n".join(q["sql"] for q in after.captured_queries)


@pytest.fixture
def make_more_content(demo_site):
    def make():
        from plugins.charters.models import CharterIndexPage, CharterPage, CharterStatus
        from plugins.practice_library.models import PracticeLibraryPage, PracticeSheetPage
        from plugins.visits.models import VisitPage, VisitSlot

        library = PracticeLibraryPage.objects.get()
        model = PracticeSheetPage.objects.live().first()
        charters = CharterIndexPage.objects.get()
        visit = VisitPage.objects.live().first()
        for n in range(5):
            sheet = PracticeSheetPage(title=f"Fiche en plus {n}", slug=f"fiche-en-plus-{n}",
                                      territory=model.territory, key_point_1="Un",
                                      key_point_2="Deux", key_point_3="Trois",
                                      image=model.image, image_alt=model.image_alt)
            library.add_child(instance=sheet)
            sheet.save_revision().publish()
            charter = CharterPage(title=f"Charte en plus {n}", slug=f"charte-en-plus-{n}",
                                  territory=model.territory, status=CharterStatus.ADOPTED,
                                  adopted_on=date.today() - timedelta(days=n))
            charters.add_child(instance=charter)
            charter.save_revision().publish()
            start = timezone.now() + timedelta(days=1, hours=n)
            VisitSlot.objects.create(page=visit, starts_at=start,
                                     ends_at=start + timedelta(hours=1), capacity=5)

    return make


def test_after_a_booking_the_index_cards_are_not_looked_up_again_but_follow_their_pages(
        client, demo_site, settings):
    """A booking renders the home page again (seats left), not the plugins' index cards:
    their title and address are kept until a page changes."""
    from core import pagecache
    from plugins.charters.models import CharterIndexPage

    settings.ESSAIM_PAGE_CACHE_SECONDS = 600
    index_tables = ("charters_charterindexpage", "visits_visitindexpage",
                    "trainings_trainingcatalogpage", "practice_library_practicelibrarypage")

    def index_lookups():
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/")
        assert response.status_code == 200
        return [q["sql"] for q in queries.captured_queries
                if any(f'FROM "{table}"' in q["sql"] for table in index_tables)]

    index_lookups()
    pagecache.invalidate("bookings")
    assert index_lookups() == []
    index = CharterIndexPage.objects.get()
    index.title = "Chartes de participation"
    index.save_revision().publish()
    sections = {s.key: s for s in client.get("/").context["sections"]}
    assert sections["charters:index"].title == "Chartes de participation"
