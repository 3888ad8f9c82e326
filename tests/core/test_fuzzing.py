"""Hostile input into every public form and query string: control characters, NUL,
10 000 characters, markup, SQL and search syntax, huge numbers. Never a server error,
and a refused form writes nothing."""

import os

import pytest
from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.bookings.models import Booking
from plugins.charters.models import CharterPage, Endorsement
from plugins.practice_library.models import PracticeSheetPage
from plugins.trainings.models import TrainingSession
from plugins.visits.models import VisitSlot

pytestmark = pytest.mark.django_db

HOSTILE = [
    "\x00", "a\x00b", "\x0b", "\x1b[31m", "\ufffe", "x" * 10_000, "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "' OR 1=1 --", "'; DROP TABLE x;",
    '"(*', "title:(a OR", "*:*", "AND NOT OR", "\\", "%", "%00", "😀" * 50, "9" * 40,
    "-1", "0", "1e309", "NaN", "null", "[]", "{}", "../../etc/passwd", " ", "",
]
values = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=60),
                   st.integers(min_value=-10**30, max_value=10**30).map(str))
FUZZ = settings(max_examples=int(os.environ.get("ESSAIM_FUZZ_EXAMPLES", 60)), deadline=None,
                derandomize=not os.environ.get("ESSAIM_FUZZ_EXAMPLES"),
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


def get_urls():
    sheet = PracticeSheetPage.objects.live().first()
    charter = CharterPage.objects.live().first()
    return {
        "/recherche/": ["q", "type", "page", "challenge", "theme", "kind"],
        "/recherche/suggestions/": ["q"],
        "/pratiques/": ["q", "challenge", "mechanism", "tri", "page", "year", "size"],
        "/visites/": ["institution", "mois", "places", "accessible"],
        "/formations/": ["theme", "public", "format", "periode", "places"],
        "/chartes/comparer/": ["chartes", "avec"],
        f"{charter.url}versions/": ["de", "a"],
        f"{charter.url}soutenir/confirmer/": ["jeton"],
        "/api/v2/pages/": ["search", "search_operator", "type", "order", "limit", "offset",
                           "child_of", "fields", "locale"],
        "/api/v2/documents/": ["search", "limit"],
        sheet.url: ["q"],
    }


@pytest.fixture
def no_rate_limits(settings):
    settings.ESSAIM_BOOKINGS_RATE_LIMIT_PER_IP = 10**6
    settings.ESSAIM_BOOKINGS_RATE_LIMIT_PER_EMAIL = 10**6


def assert_handled(response, what):
    assert response.status_code < 500, f"{what} → {response.status_code}"


def test_query_strings(demo_site, client):
    urls = get_urls()

    @FUZZ
    @given(st.sampled_from(sorted(urls)), st.data())
    def check(url, data):
        params = {name: data.draw(values) for name in
                  data.draw(st.lists(st.sampled_from(urls[url]), min_size=1, max_size=3))}
        assert_handled(client.get(url, params), f"GET {url} {params!r}")

    check()


def test_path_segments_and_tokens(demo_site, client):
    @FUZZ
    @given(st.sampled_from(["/attestations/{}", "/inscriptions/confirmer/{}/",
                            "/inscriptions/gerer/{}/", "/inscriptions/mes-donnees/{}/",
                            "/formations/inscription/{}/", "/compte/verifier/{}/"]),
           st.text(alphabet=st.characters(blacklist_categories=("Cs",),
                                          blacklist_characters="/?#%"), min_size=1,
                   max_size=300))
    def check(pattern, segment):
        from urllib.parse import quote

        url = pattern.format(quote(segment, safe=""))
        assert_handled(client.get(url), f"GET {url}")
        assert_handled(client.post(url), f"POST {url}")

    check()


def form_posts():
    slot = VisitSlot.objects.upcoming().first()
    session = TrainingSession.objects.upcoming().filter(agents_only=False).first()
    charter = CharterPage.objects.live().first()
    person = ["name", "email", "phone", "party_size", "minors", "guardian_name",
              "accessibility_needs", "consent", "website"]
    return {
        f"/visites/creneaux/{slot.pk}/inscription/": person,
        f"/formations/sessions/{session.pk}/inscription/": person,
        f"{charter.url}soutenir/": ["kind", "name", "organisation", "email", "show_name",
                                   "website"],
        "/inscriptions/mes-donnees/": ["email", "website"],
        "/compte/inscription/": ["first_name", "last_name", "email", "organisation",
                                 "job_title", "password1", "password2", "website"],
        "/compte/connexion/": ["username", "password"],
    }


def counts():
    return (Booking.objects.count(), Endorsement.objects.count(),
            get_user_model().objects.count())


def test_forms(demo_site, client, no_rate_limits):
    posts = form_posts()

    @FUZZ
    @given(st.sampled_from(sorted(posts)), st.data())
    def check(url, data):
        fields = posts[url]
        form = {name: data.draw(values) for name in fields}
        before = counts()
        response = client.post(url, form)
        assert_handled(response, f"POST {url} {form!r}")
        if response.status_code >= 400:
            assert counts() == before, f"a refused POST {url} wrote something: {form!r}"

    check()


@pytest.mark.parametrize("url", [
    "/api/v2/pages/?search=%00", "/api/v2/pages/?search=%22(%2A",
    "/api/v2/pages/?search_operator=xx&search=a",
    "/chartes/comparer/?chartes=25&chartes=99999999999999999999999999",
])
def test_the_urls_that_used_to_fail_are_answered(demo_site, client, url):
    response = client.get(url)
    assert response.status_code in (200, 400), response.content[:300]


def test_a_control_character_in_a_sheet_never_breaks_the_feed(demo_site, client):
    sheet = PracticeSheetPage.objects.live().first()
    PracticeSheetPage.objects.filter(pk=sheet.pk).update(key_point_1="Point\x0bclé\x1f")
    response = client.get("/pratiques/flux.atom")
    assert response.status_code == 200
    assert "Pointclé" in response.content.decode()
