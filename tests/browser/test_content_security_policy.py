"""The Content-Security-Policy holds in a real browser: public pages load nothing it
refuses, and the Wagtail admin keeps working under its own policy (login, dashboard, the
page editor with its rich-text field and preview, a snippet, the image library)."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.test import Client

pytestmark = pytest.mark.browser

PUBLIC = ["/", "/pratiques/", "/chartes/", "/chartes/comparer/", "/formations/",
          "/visites/", "/recherche/?q=budget", "/compte/connexion/", "/compte/inscription/",
          "/inscriptions/mes-donnees/"]


def watch_violations(page):
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.add_init_script("""document.addEventListener('securitypolicyviolation', e =>
        console.error('Content Security Policy violation: ' + e.violatedDirective + ' '
                      + e.blockedURI));""")
    return violations


def log_in(page, base, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base}])


def test_public_pages_load_nothing_the_policy_refuses(live_site, page):
    violations = watch_violations(page)
    for path in PUBLIC:
        response = page.goto(live_site + path)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert "camera=()" in response.headers["permissions-policy"]
    from plugins.practice_library.models import PracticeSheetPage

    page.goto(live_site + PracticeSheetPage.objects.live().first().url)
    page.get_by_role("heading", level=1).wait_for()
    assert violations == []


def test_the_admin_works_under_its_policy(live_site, page):
    from plugins.practice_library.models import PracticeSheetPage

    violations = watch_violations(page)
    editor, _created = get_user_model().objects.get_or_create(
        username="csp-editor", defaults={"is_superuser": True, "is_staff": True})
    log_in(page, live_site, editor)
    page.goto(f"{live_site}/admin/")
    page.get_by_role("heading", level=1).first.wait_for()
    sheet = PracticeSheetPage.objects.live().first()
    page.goto(f"{live_site}/admin/pages/{sheet.pk}/edit/")
    page.locator(".Draftail-Editor").first.wait_for()
    page.locator(".public-DraftEditor-content").first.click()
    page.keyboard.type(" Texte ajouté.")
    page.goto(f"{live_site}/admin/snippets/core/territory/")
    page.goto(f"{live_site}/admin/images/")
    page.goto(f"{live_site}/admin/outbox/")
    assert violations == []
