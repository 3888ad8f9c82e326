"""Markup nobody wrote never runs: hostile payloads pushed through every way in (import,
contribution form, admin, endorsement, sign-up, search) and read back through every way
out (pages, feed, API, search results and highlights, emails, workspace, exports)."""

import io
import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command

from core.bookings import services as bookings
from core.models import StandardPage, Territory
from plugins.charters.models import CharterPage
from plugins.practice_library.models import PracticeSheetPage
from plugins.visits.models import VisitSlot

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '<script>alert("xss1")</script>',
    '<img src=x onerror=alert("xss2")>',
    '<a href="javascript:alert(\'xss3\')">lien</a>',
    '"><svg onload=alert("xss4")>',
    "<iframe src=javascript:alert('xss5')></iframe>",
    '<p style="background:url(javascript:alert(6))" onclick="alert(\'xss6\')">texte</p>',
]
HOSTILE = " ".join(PAYLOADS)
MARKERS = re.compile(r"alert\(")


class Executable(HTMLParser):
    """Finds what a browser would run: scripts, event handlers, javascript: URLs, frames."""

    def __init__(self):
        super().__init__()
        self.found = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "object"):
            self.in_script = tag == "script"
            if tag != "script" or any(name == "src" and "javascript:" in (value or "")
                                      for name, value in attrs):
                self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            if name in ("href", "src", "action", "formaction", "style") and value and \
                    "javascript:" in value.replace(" ", "").lower():
                self.found.append(f"{tag} {name}={value}")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and MARKERS.search(data):
            self.found.append("script running the payload")


def assert_inert(html, where):
    parser = Executable()
    parser.feed(html)
    assert parser.found == [], f"{where}: {parser.found}"


HEADER = "external_id,title,territory,key_point_1,key_point_2,key_point_3,context,lessons\n"


@pytest.fixture
def imported_sheet(demo_site, tmp_path, django_capture_on_commit_callbacks):
    code = Territory.objects.first().insee_code
    cell = HOSTILE.replace('"', '""')
    short = PAYLOADS[0].replace('"', '""') + PAYLOADS[1]
    row = (f'xss-1,"Fiche {short}",{code},"Point {short}",Deux,Trois,"{cell}",'
           f'"Ligne simple {cell}"\n')
    path = tmp_path / "hostile.csv"
    path.write_text(HEADER + row, encoding="utf-8")
    errors = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            call_command("practices", "import", str(path), "--no-progress",
                         stdout=io.StringIO(), stderr=errors)
        except Exception:
            pytest.fail(errors.getvalue())
    return PracticeSheetPage.objects.get(external_id="xss-1")


def test_imported_markup_is_inert_on_every_output(client, imported_sheet):
    sheet = imported_sheet
    assert "<script" not in sheet.context and "onerror" not in sheet.context
    assert "javascript:" not in sheet.context
    page = client.get(sheet.url)
    assert page.status_code == 200
    assert_inert(page.content.decode(), "sheet page")
    feed = client.get("/pratiques/flux.atom").content.decode()
    assert "<script" not in feed and 'type="text"' in feed
    api = client.get(f"/api/v2/pages/{sheet.pk}/").json()
    for field in ("context", "lessons"):  # HTML: inert
        assert_inert(api[field], f"API {field}")
    assert api["title"] == sheet.title  # text, as typed: JSON, for consumers to escape
    for query in ("xss1", "Fiche", "Ligne simple"):
        results = client.get("/recherche/", {"q": query}).content.decode()
        assert_inert(results, f"search {query}")
        library = client.get("/pratiques/", {"q": query}).content.decode()
        assert_inert(library, f"library {query}")
    pdf = client.get(sheet.url + "pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_contributed_markup_is_inert(client, demo_site, django_capture_on_commit_callbacks):
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user("pro@example.org", "pro@example.org", "x" * 12)
    user.groups.add(Group.objects.get(name="Professionnels"))
    client.force_login(user)
    territory = Territory.objects.first()
    response = client.post("/pratiques/contribuer/nouvelle/", {
        "title": f"Contribution {PAYLOADS[1]}",
        "territory": f"{territory.name} ({territory.insee_code})",
        "key_point_1": PAYLOADS[0], "key_point_2": PAYLOADS[2], "key_point_3": "trois"})
    assert response.status_code == 302
    sheet = PracticeSheetPage.objects.get(title__startswith="Contribution")
    client.post(f"/pratiques/contribuer/{sheet.pk}/recit/", {"context": HOSTILE,
                                                               "milestones": ""})
    draft = sheet.get_latest_revision_as_object()
    assert "<script" not in draft.context
    review = client.get(f"/pratiques/contribuer/{sheet.pk}/relecture/").content.decode()
    assert_inert(review, "contribution review")


def test_admin_rich_text_is_sanitised_when_saved(client, demo_site):
    page = StandardPage.objects.get(slug="mentions-legales")
    page.body = f"<p>Mentions</p>{HOSTILE}"
    page.save_revision().publish()
    page.refresh_from_db()
    assert "<script" not in page.body and "onerror" not in page.body
    assert_inert(client.get(page.url).content.decode(), "standard page")


def test_what_residents_type_is_inert_for_organisers_and_in_emails(
        client, demo_site, django_capture_on_commit_callbacks):
    slot = VisitSlot.objects.upcoming().first()
    with django_capture_on_commit_callbacks(execute=True):
        booking = bookings.confirm(bookings.book(
            slot.offering, name=f"Habitant {PAYLOADS[1]}", email="hab@example.org",
            accessibility_needs=HOSTILE, consent=True))
    for message in mail.outbox:
        for body, _type in [(message.body, "text/plain"), *getattr(message, "alternatives",
                                                                     [])]:
            assert_inert(body if _type != "text/plain" else "", "email html")
    admin = get_user_model().objects.create_superuser("orga", "orga@example.org", "x" * 12)
    client.force_login(admin)
    detail = client.get(f"/admin/inscriptions/{slot.offering_id}/").content.decode()
    assert_inert(detail, "organiser view")
    export = client.get(f"/admin/inscriptions/{slot.offering_id}/export.csv")
    assert "<script" in export.content.decode("utf-8-sig")  # data, shown as text
    manage = client.get(f"/inscriptions/gerer/{bookings.manage_token(booking)}/")
    assert_inert(manage.content.decode(), "resident's page")


def test_endorsers_and_searchers_cannot_inject(client, demo_site,
                                               django_capture_on_commit_callbacks):
    charter = CharterPage.objects.live().first()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(charter.url + "soutenir/", {"kind": "resident", "email": "e@example.org",
                                               "name": PAYLOADS[1], "show_name": "on"})
    from plugins.charters.models import Endorsement

    Endorsement.objects.update(confirmed_at="2026-01-01T00:00:00Z")
    assert_inert(client.get(charter.url).content.decode(), "charter page")
    for payload in PAYLOADS:
        assert_inert(client.get("/recherche/", {"q": payload}).content.decode(), "search")
        suggestions = client.get("/recherche/suggestions/", {"q": payload})
        assert suggestions["Content-Type"] == "application/json"  # data, never HTML
