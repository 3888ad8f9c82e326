from django.conf import settings
from django.utils.functional import SimpleLazyObject
from wagtail.models import Page, Site

from core.accounts.menu import account_menu
from core.pages import public


def site_chrome(request):
    """Navigation shown on every public page: the live menu pages under the site root, and
    the signed-in person's account menu (None for visitors).

    Lazy: a template that shows no menu (the admin's, an email's, a cached fragment's
    hit) never looks the site up nor builds the menu's query."""
    def site():
        return Site.find_for_request(request) if request is not None else None

    def root():
        found = site()
        return found.root_page if found is not None else None

    def nav_pages():
        found = site()
        if found is None:
            return []
        return public(Page.objects.child_of(found.root_page).live()).in_menu()

    return {
        "site_root": SimpleLazyObject(root),
        "nav_pages": SimpleLazyObject(nav_pages),
        "essaim_languages": settings.LANGUAGES,
        "account_links": account_menu(request),
    }
