"""Essaim plugin hook specifications.

One line of docstring per hook; docs/plugins.md has a section with an example
for each of them (a test checks both exist).
"""

import pluggy

hookspec = pluggy.HookspecMarker("essaim")
hookimpl = pluggy.HookimplMarker("essaim")


# --- Start-up: read while the Django settings are computed -------------------


@hookspec
def installed_apps():
    """Return a list of Django app paths to add to INSTALLED_APPS."""


@hookspec
def settings_defaults():
    """Return a dict of Django setting defaults; settings defined explicitly win."""


@hookspec
def beat_schedule():
    """Return a dict of Celery beat entries to merge into the beat schedule."""


# --- Web ----------------------------------------------------------------------


@hookspec
def urlpatterns():
    """Return a list of Django URL patterns mounted at the site root."""


# Sections are the same for every visitor: the home page keeps them in a shared fragment
# until the content changes (core/templatetags/contentcache.py), so they must not depend
# on who is looking (``request`` gives the site and the language).
@hookspec
def home_sections(request):
    """Return a list of core.home.HomeSection to show on the home page."""


@hookspec
def account_links(user):
    """Return core.accounts.menu.AccountLink items for the header's menu of a signed-in user."""


@hookspec
def search_documents():
    """Return a list of search.documents.SearchDocument describing searchable content."""


@hookspec
def personal_data():
    """Return core.personal_data.PersonalDataSource objects: what the plugin keeps about people."""


@hookspec
def health_checks():
    """Return a dict {name: function returning {"ok": bool, …}} for /healthz; no network calls."""


@hookspec
def demo_content(home_page):
    """Create the plugin's demo content under the home page; must be idempotent."""


# --- Domain events: called after the transaction that caused them commits ----


@hookspec
def booking_confirmed(booking):
    """Called when a booking becomes confirmed."""


@hookspec
def booking_cancelled(booking):
    """Called when a booking is cancelled by the person or an organiser."""


@hookspec
def waitlist_offer_sent(booking):
    """Called when a freed seat is offered to a waitlisted booking."""


@hookspec
def booking_attended(booking):
    """Called when an organiser marks a confirmed booking as attended."""
