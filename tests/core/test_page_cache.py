"""Anonymous pages come from the cache, and never show anything older than the last write."""

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest
from django.test import Client

from core import pagecache
from core.models import HomePage


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.ESSAIM_PAGE_CACHE_SECONDS = 600


def test_the_second_visit_is_served_from_the_cache_without_a_query(
        client, demo_site, django_assert_num_queries):
    first = client.get("/")
    assert first[pagecache.HEADER] == "MISS"
    with django_assert_num_queries(0):
        second = client.get("/")
    assert second[pagecache.HEADER] == "HIT"
    assert second.content == first.content
    assert "Content-Security-Policy" in second  # the stored page kept its headers


def test_publishing_makes_the_next_visit_fresh(client, demo_site):
    assert client.get("/")[pagecache.HEADER] == "MISS"
    home = HomePage.objects.get()
    home.title = "Essaim de la ville"
    home.save_revision().publish()
    fresh = client.get("/")
    assert fresh[pagecache.HEADER] == "MISS"
    assert "<title>Essaim de la ville" in fresh.content.decode()


def test_unpublishing_and_deleting_a_page_purge_it(client, demo_site):
    from wagtail.models import Page

    page = Page.objects.get(url_path__endswith="/mentions-legales/").specific
    assert client.get(page.url).status_code == 200
    page.unpublish()
    assert client.get(page.url).status_code == 404
    page.save_revision().publish()
    assert client.get(page.url).status_code == 200
    page.delete()
    assert client.get(page.url).status_code == 404


def test_languages_are_cached_apart(client, demo_site):
    french = client.get("/", headers={"accept-language": "fr"})
    english = client.get("/", headers={"accept-language": "en"})
    assert english[pagecache.HEADER] == "MISS"
    assert '<html lang="fr">' in french.content.decode()
    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="en">' in client.get("/", headers={"accept-language": "en"}).content.decode()


def test_signed_in_members_bypass_it_and_leave_nothing_in_it(client, demo_site,
                                                             django_user_model):
    user = django_user_model.objects.create_user("lea", "lea@example.org", "x" * 12,
                                                 first_name="Léa")
    client.force_login(user)
    own = client.get("/")
    assert own[pagecache.HEADER] == "BYPASS" and "account-menu" in own.content.decode()
    visitor = Client().get("/")
    assert visitor[pagecache.HEADER] == "MISS" and "account-menu" not in visitor.content.decode()


def test_a_flash_message_is_never_cached(demo_site):
    encoded = CookieStorage(HttpRequest())._encode([Message(constants.INFO, "Merci")])
    visitor = Client()
    visitor.cookies["messages"] = encoded
    response = visitor.get("/")
    assert response[pagecache.HEADER] == "BYPASS" and "Merci" in response.content.decode()
    assert "Merci" not in Client().get("/").content.decode()


def test_writes_bump_the_generation_now_and_again_at_commit(
        demo_site, django_capture_on_commit_callbacks):
    before = pagecache.generation()
    with django_capture_on_commit_callbacks(execute=True):
        home = HomePage.objects.get()
        home.save()
        at_save = pagecache.generation()
    assert before < at_save < pagecache.generation()


def test_a_transaction_bumps_at_commit_once_however_many_rows_it_writes(
        demo_site, django_capture_on_commit_callbacks):
    from django.db import transaction

    home = HomePage.objects.get()
    before = pagecache.generation()
    with django_capture_on_commit_callbacks(execute=True) as hooks:
        for _ in range(5):
            home.save()
        assert pagecache.generation() == before + 5  # each write, now
    bumps = [hook for hook in hooks if isinstance(hook, pagecache._PendingBump)]
    assert len(set(map(id, bumps))) == 1 and len(hooks) == len(bumps)
    assert pagecache.generation() == before + 6  # and once at commit

    # The first write is rolled back with its savepoint, the next one is kept: the
    # commit still bumps the app it wrote.
    core_before = pagecache.data_generation(["core"])
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                home.save()
                raise RuntimeError
        except RuntimeError:
            pass
        home.save()
        after_writes = pagecache.data_generation(["core"])
    assert core_before != after_writes != pagecache.data_generation(["core"])


def test_pages_rendered_for_the_log_or_renditions_do_not_purge(demo_site):
    from search.models import SearchQueryStat

    before = pagecache.generation()
    pagecache._on_write(SearchQueryStat)
    assert pagecache.generation() == before


def test_off_when_the_setting_is_zero(client, demo_site, settings):
    settings.ESSAIM_PAGE_CACHE_SECONDS = 0
    client.get("/")
    assert pagecache.HEADER not in client.get("/")


def test_only_html_is_cached_and_conditional_requests_reach_the_view(client, demo_site):
    client.get("/pratiques/flux.atom")
    assert client.get("/pratiques/flux.atom")[pagecache.HEADER] == "BYPASS"
    client.get("/")
    assert client.get("/", headers={"if-none-match": '"x"'})[pagecache.HEADER] == "BYPASS"
    assert client.get("/", headers={"accept": "application/json"})[pagecache.HEADER] == "MISS"


def test_forms_on_cached_pages_fetch_the_visitor_s_token(demo_site):
    from plugins.charters.models import CharterPage, Endorsement

    charter = CharterPage.objects.live().first()
    visitor = Client(enforce_csrf_checks=True)
    assert visitor.get(charter.url)[pagecache.HEADER] == "MISS"
    page = visitor.get(charter.url)
    html = page.content.decode()
    assert page[pagecache.HEADER] == "HIT" and not page.cookies
    assert "csrfmiddlewaretoken" not in html  # a token belongs to one visitor
    assert 'data-csrf-url="/jeton-formulaire/"' in html and 'id="endorse-fallback"' in html

    fetched = visitor.get("/jeton-formulaire/")
    assert "no-store" in fetched["Cache-Control"] and "csrftoken" in fetched.cookies
    form = {"kind": "resident", "name": "Camille Martin", "email": "camille@example.org"}
    refused = Client(enforce_csrf_checks=True).post(charter.url + "soutenir/", form)
    assert refused.status_code == 403 and Endorsement.objects.count() == 0
    sent = visitor.post(charter.url + "soutenir/",
                        {**form, "csrfmiddlewaretoken": fetched.json()["token"]})
    assert sent.status_code == 302
    assert list(Endorsement.objects.values_list("email", "confirmed_at")) == [
        ("camille@example.org", None)]


def test_without_javascript_the_form_is_on_a_page_of_its_own(demo_site):
    from plugins.charters.models import CharterPage

    charter = CharterPage.objects.live().first()
    visitor = Client(enforce_csrf_checks=True)
    own = visitor.get(charter.url + "soutenir/")
    html = own.content.decode()
    assert own.status_code == 200 and own[pagecache.HEADER] == "BYPASS"
    assert 'name="csrfmiddlewaretoken"' in html and "data-csrf-url" not in html
    assert visitor.get(charter.url)[pagecache.HEADER] == "MISS"  # the cached page is not it


def test_shared_fragments_spare_members_queries_until_the_content_changes(
        client, demo_site, django_user_model):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.models import BrandingSettings

    client.force_login(django_user_model.objects.create_user("lea", "lea@example.org",
                                                             "x" * 12))
    with CaptureQueriesContext(connection) as first:
        client.get("/")
    with CaptureQueriesContext(connection) as second:
        again = client.get("/")
    assert again[pagecache.HEADER] == "BYPASS" and "account-menu" in again.content.decode()
    # Menu, brand, footer links and the home sections came from the shared fragments.
    assert len(second) <= len(first) - 10
    branding = BrandingSettings.objects.get()
    branding.site_name = "Ville de Lorient"
    branding.save()
    assert "<title>" in (html := client.get("/").content.decode())
    assert "– Ville de Lorient</title>" in html and "Ville de Lorient runs" not in html
    assert html.count("Ville de Lorient") >= 3  # title, brand and footer credits


def _member(django_user_model, name="lea"):
    client = Client()
    client.force_login(django_user_model.objects.create_user(name, f"{name}@example.org",
                                                             "x" * 12))
    return client


def _main(response):
    html = response.content.decode()
    return html[html.index('<main id="content"'):html.index("</main>")]


def test_members_get_shared_content_until_a_booking_changes_it(demo_site, django_user_model):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.bookings import services
    from plugins.visits.models import VisitSlot

    member = _member(django_user_model)
    with CaptureQueriesContext(connection) as first:
        rendered = member.get("/visites/")
    with CaptureQueriesContext(connection) as second:
        shared = member.get("/visites/")
    assert shared[pagecache.HEADER] == "BYPASS" and "account-menu" in shared.content.decode()
    assert _main(shared) == _main(rendered)
    # Routing, the member and their menu: no query for the visits themselves.
    assert not [q for q in second.captured_queries if "visits_visitslot" in q["sql"]]
    assert [q for q in first.captured_queries if "visits_visitslot" in q["sql"]]
    slot = VisitSlot.objects.upcoming().first()
    before = slot.seats_left
    booking = services.book(slot.offering, name="Léa", email="lea.visite@example.org",
                            party_size=2, consent=True)
    services.confirm(booking)
    fresh = _main(member.get("/visites/"))
    assert fresh != _main(shared)
    assert VisitSlot.objects.with_seats().get(pk=slot.pk).seats_left == before - 2


def test_a_confirmation_makes_the_next_visit_fresh(
        client, demo_site, django_capture_on_commit_callbacks):
    """A confirmation takes its seat without saving the model (one guarded UPDATE): the
    cache is told all the same, once it commits."""
    from core.bookings import services
    from plugins.visits.models import VisitSlot

    slot = VisitSlot.objects.upcoming().first()
    booking = services.book(slot.offering, name="Léa", email="lea.confirme@example.org",
                            party_size=2, consent=True)
    client.get("/visites/")
    assert client.get("/visites/")[pagecache.HEADER] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        assert services.confirm(booking).status == "confirmed"
    fresh = client.get("/visites/")
    assert fresh[pagecache.HEADER] == "MISS"
    left = VisitSlot.objects.with_seats().get(pk=slot.pk).seats_left
    assert left == slot.seats_left - 2


def test_shared_content_never_holds_a_form_s_token_or_a_post_s_answer(
        demo_site, django_user_model):
    from plugins.practice_library.models import PracticeSheetPage

    sheet = PracticeSheetPage.objects.live().exclude(contact_email="").filter(
        contact_consent=True).first()
    member = _member(django_user_model)
    own_form = member.get(sheet.url + "contact/")
    assert 'name="csrfmiddlewaretoken"' in own_form.content.decode()
    revealed = member.post(sheet.url + "contact/")
    assert sheet.contact_email in revealed.content.decode()
    other = _member(django_user_model, "noe")
    page = _main(other.get(sheet.url))
    assert sheet.contact_email not in page and "csrfmiddlewaretoken" not in page
    assert sheet.contact_email not in _main(Client().get(sheet.url))


def test_a_restricted_page_s_shared_content_is_still_restricted(demo_site, django_user_model):
    from wagtail.models import Page, PageViewRestriction

    page = Page.objects.get(url_path__endswith="/mentions-legales/").specific
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    member = _member(django_user_model)
    assert member.get(page.url).status_code == 200
    assert member.get(page.url).status_code == 200  # now from the shared content
    visitor = Client().get(page.url)
    assert visitor.status_code == 302 and "/connexion/" in visitor["Location"] or \
        "login" in visitor["Location"]


def test_values_remembered_from_some_apps_outlive_writes_elsewhere(
        demo_site, django_capture_on_commit_callbacks):
    from core.bookings import services
    from plugins.practice_library.models import PracticeSheetPage
    from plugins.visits.models import VisitSlot

    computed = []

    def compute():
        computed.append(len(computed) + 1)
        return computed[-1]

    def library_value():
        return pagecache.remember("test:library", ["practice_library", "wagtailcore"], compute)

    assert library_value() == 1
    page_generation = pagecache.generation()
    slot = VisitSlot.objects.upcoming().first()
    with django_capture_on_commit_callbacks(execute=True):
        services.book(slot.offering, name="Léa", email="lea.cache@example.org",
                      consent=True)
    assert pagecache.generation() > page_generation  # every page is stale…
    assert library_value() == 1  # …not what the library's data alone gives
    sheet = PracticeSheetPage.objects.live().first()
    sheet.title = "Un titre changé"
    sheet.save_revision().publish()
    assert library_value() == 2
    # A page of another type changes the page tree, which the value also depends on.
    home = HomePage.objects.get()
    home.save_revision().publish()
    assert library_value() == 3
    assert library_value() == 3


def test_a_transaction_s_writes_make_their_apps_stale_again_at_commit(
        demo_site, django_capture_on_commit_callbacks):
    from django.db import transaction

    from core.models import Territory
    from plugins.practice_library.models import Audience

    apps = ["core", "practice_library", "visits"]
    before = pagecache.data_generation(apps).split(".")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        Territory.objects.create(name="Commune test", insee_code="99998")
        Audience.objects.create(name="Public test", slug="public-test")
        at_write = pagecache.data_generation(apps).split(".")
    after = pagecache.data_generation(apps).split(".")
    core, library, visits = zip(before, at_write, after, strict=True)
    for generations in (core, library):
        assert int(generations[0]) < int(generations[1]) < int(generations[2])
    assert visits[0] == visits[1] == visits[2]  # not written to: what it gives is kept


def test_browsing_the_library_is_kept_until_an_entry_changes(
        demo_site, settings, django_assert_num_queries, django_capture_on_commit_callbacks):
    from core.bookings import services
    from plugins.practice_library.models import PracticeSheetPage
    from plugins.visits.models import VisitSlot
    from search import api, indexing

    settings.ESSAIM_SEARCH_ENGINE = "database"
    doc = api.document("practice_sheet")
    first = api.search("practice_sheet", filters={}, facets=list(doc.facets))
    with django_assert_num_queries(0):
        again = api.search("practice_sheet", filters={}, facets=list(doc.facets))
    assert again.total == first.total and again.facets == first.facets
    assert [h.id for h in again.hits] == [h.id for h in first.hits]
    slot = VisitSlot.objects.upcoming().first()
    with django_capture_on_commit_callbacks(execute=True):
        services.book(slot.offering, name="Léa", email="lea.biblio@example.org",
                      consent=True)
    with django_assert_num_queries(0):
        api.search("practice_sheet", filters={}, facets=list(doc.facets))
    # A sheet written to the entries in bulk (as a reindex does): counted at once.
    sheet = PracticeSheetPage.objects.live().order_by("pk").first()
    entry = indexing.expected_data(doc, sheet)
    with django_capture_on_commit_callbacks(execute=True):
        api.database_engine().bulk_index(doc, [("copie-test", {**entry[1], "id": "copie-test"})])
    after = api.search("practice_sheet", filters={}, facets=list(doc.facets))
    assert after.total == first.total + 1
    # Removed one by one (a sheet unpublished): gone at once too.
    with django_capture_on_commit_callbacks(execute=True):
        api.database_engine().delete(doc, "copie-test")
    assert api.search("practice_sheet", filters={}, facets=list(doc.facets)).total == first.total


@pytest.mark.redis
def test_on_redis_the_generations_are_bumped_together_and_start_from_the_clock(settings):
    import uuid

    from django.core.cache import cache

    from core.settings.base import redis_cache
    from tests.conftest import _redis_url

    settings.CACHES = {"default": redis_cache(_redis_url(), prefix=f"t-{uuid.uuid4().hex}")}
    try:
        assert cache.get(pagecache.GENERATION_KEY) is None
        pagecache.invalidate("bookings", "visits")  # none existed: from the clock
        first = pagecache.generation()
        apps = pagecache.data_generation(["bookings", "visits"])
        assert first >= pagecache.FIRST_GENERATION
        assert all(int(g) >= pagecache.FIRST_GENERATION for g in apps.split("."))
        pagecache.invalidate("visits")
        assert pagecache.generation() == first + 1
        bookings, visits = pagecache.data_generation(["bookings", "visits"]).split(".")
        assert (int(bookings), int(visits)) == tuple(int(g) + d for g, d in
                                                     zip(apps.split("."), (0, 1), strict=True))
    finally:
        cache.delete_many([pagecache.GENERATION_KEY, *(pagecache.APP_GENERATION_KEY.format(a)
                                                        for a in ("bookings", "visits"))])


def test_pages_put_behind_a_restriction_leave_the_lists_at_once(
        demo_site, django_assert_num_queries):
    from wagtail.models import PageViewRestriction

    from core.pages import public
    from plugins.practice_library.models import PracticeSheetPage

    live = PracticeSheetPage.objects.live()
    sheet = live.order_by("pk").first()
    assert public(live).filter(pk=sheet.pk).exists()
    expected = live.public().count()
    with django_assert_num_queries(1):  # the restrictions are remembered: the count only
        assert public(live).count() == expected
    restriction = PageViewRestriction.objects.create(
        page=sheet, restriction_type=PageViewRestriction.PASSWORD, password="secret")
    assert not public(live).filter(pk=sheet.pk).exists()
    assert set(public(live)) == set(live.public())
    restriction.delete()
    assert public(live).filter(pk=sheet.pk).exists()


def test_a_sheet_s_content_and_the_header_outlive_a_booking_not_their_own_changes(
        demo_site, django_user_model, django_capture_on_commit_callbacks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.bookings import services
    from core.models import BrandingSettings
    from plugins.practice_library.models import PracticeSheetPage
    from plugins.visits.models import VisitSlot

    member = _member(django_user_model)
    sheet = PracticeSheetPage.objects.live().order_by("pk").first()
    rendered = member.get(sheet.url)
    slot = VisitSlot.objects.upcoming().first()
    with django_capture_on_commit_callbacks(execute=True):
        services.book(slot.offering, name="Léa", email="lea.fiche@example.org", consent=True)
    with CaptureQueriesContext(connection) as after_booking:
        kept = member.get(sheet.url)
    assert _main(kept) == _main(rendered)
    sqls = " ".join(q["sql"] for q in after_booking.captured_queries)
    # Neither the sheet's own queries nor the brand's settings: both kept.
    assert "practice_library_challenge" not in sqls and "core_brandingsettings" not in sqls
    # Its own data changed: rendered again at once.
    territory = sheet.territory
    territory.name = "Lorient-Agglomération"
    territory.save()
    assert "Lorient-Agglomération" in _main(member.get(sheet.url))
    branding = BrandingSettings.objects.get()
    branding.site_name = "Ville de Lorient"
    branding.save()
    assert "Ville de Lorient" in member.get(sheet.url).content.decode()
