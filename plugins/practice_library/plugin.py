"""Hook implementations of the built-in practice_library plugin."""

from django.utils.translation import gettext_lazy as _

from core.hookspecs import hookimpl

from . import hookspecs  # noqa: F401 -- the hooks this plugin adds

ESSAIM_REQUIRES = ">=0.1,<1"


@hookimpl
def installed_apps():
    return ["plugins.practice_library", "plugins.practice_library.federation",
            "wagtail.contrib.routable_page"]


@hookimpl
def settings_defaults():
    return {
        # Federation (docs/federation.md): how often, how much, how far.
        "ESSAIM_FEDERATION_SYNC_INTERVAL_SECONDS": 15 * 60,
        "ESSAIM_FEDERATION_MAX_PAGES_PER_RUN": 20,
        "ESSAIM_FEDERATION_MAX_ITEMS_PER_PAGE": 200,
        "ESSAIM_FEDERATION_MAX_RESPONSE_BYTES": 2 * 1024 * 1024,
    }


@hookimpl
def beat_schedule():
    # Pulls each subscription whose interval (or backoff after a failure) has passed.
    return {"practice-federation-pull": {"task": "practice_federation.pull",
                                         "schedule": 5 * 60}}


@hookimpl
def health_checks():
    from .federation.services import status

    return {"federation": status}


@hookimpl
def urlpatterns():
    from .urls import urlpatterns as patterns

    return patterns


@hookimpl
def search_documents():
    from .documents import search_document

    return [search_document()]


@hookimpl
def home_sections(request):
    from .home import home_sections as sections

    return sections()


@hookimpl(tryfirst=True)  # the library comes first in the menu
def demo_content(home_page):
    from .demo import create_demo_content

    create_demo_content(home_page)


@hookimpl
def personal_data():
    from .personal_data import contacts_source

    return [contacts_source()]


@hookimpl
def account_links(user):
    from django.urls import reverse

    from core.accounts.menu import AccountLink
    from core.accounts.models import is_professional

    if not is_professional(user):
        return []
    return [AccountLink(_("My practice sheets"), reverse("practice_library:dashboard"), order=10)]
