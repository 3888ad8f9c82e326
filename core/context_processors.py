from django.conf import settings
from wagtail.models import Page, Site

from core.accounts.menu import account_menu
from core.pages import public


def site_chrome(request):
    """Navigation shown on every public page: the live menu pages under the site root, and
    the signed-in person's account menu (None for visitors)."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return {"nav_pages": [], "site_root": None, "account_links": None}
    root = site.root_page
    nav_pages = public(Page.objects.child_of(root).live()).in_menu()
    return {
        "site_root": root,
        "nav_pages": nav_pages,
        "essaim_languages": settings.LANGUAGES,
        "account_links": account_menu(request),
    }
