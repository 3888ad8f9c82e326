"""The plugin kit: what a city plugin's hooks call, in one module.

A plugin module is read while Essaim's settings are computed, before Django's models
can be imported. Everything here can be imported at the top of a plugin module: models
are named by their label (``"app_label.ModelName"``) or given as classes, and resolved
when a hook runs.

    from core import kit

    DAY = "essaim_journees_citoyennes.VolunteerDayPage"

    @hookimpl
    def urlpatterns():
        return kit.sign_up_urls(DAY, "journees-citoyennes")

See docs/plugins.md for the whole surface, and examples/essaim-journees-citoyennes.
"""

from __future__ import annotations

from datetime import datetime, timedelta


def model(model_or_label):
    """The model class for a class or an ``"app_label.ModelName"`` label."""
    if isinstance(model_or_label, str):
        from django.apps import apps

        return apps.get_model(model_or_label)
    return model_or_label


def sign_up_urls(bookable, section, items=None):
    """The sign-up kit's URLs of a ``Bookable`` model, under its app's namespace:
    ``<app>:sign_up``, ``<app>:calendar`` and ``<app>:calendar_feed``
    (``core.bookings.signup.bookable_urls``)."""
    from django.urls import include, path

    from core.bookings.signup import bookable_urls

    bookable = model(bookable)
    return [path("", include((bookable_urls(bookable, section, items),
                              bookable._meta.app_label)))]


def page_search_document(page_model, *text_fields, name=None, label=None, facets=()):
    """A search document for a page type: its title and ``text_fields`` searched, on both
    engines (``search.documents.page_search_document``)."""
    from search.documents import page_search_document as document

    return document(model(page_model), *text_fields, name=name, label=label, facets=facets)


def upcoming(bookable, within: timedelta | None = None):
    """Live, upcoming objects of a ``Bookable`` model, soonest first, with their seats."""
    return model(bookable).objects.upcoming(within=within)


def upcoming_section(bookable, order, title=None, limit=3, seats_left_only=False, key="",
                     url=""):
    """The home page's section listing the next ``limit`` upcoming objects as cards, with
    their seats left and sign-up buttons (only those with seats left, if told), and a
    link to ``url``; nothing when there are none. ``key`` names it for editors (the
    model's ``app_label:upcoming`` unless told)."""
    from core.home import upcoming_section as section

    return section(model(bookable), order=order, title=title, limit=limit,
                   seats_left_only=seats_left_only, key=key, url=url)


def owner_of(booking, bookable):
    """The object of ``bookable``'s model a booking is for, or None (another plugin's)."""
    owner = booking.offering.owner
    return owner if isinstance(owner, model(bookable)) else None


def ensure_child_page(parent, page_model, slug, **fields):
    """The live child page of ``parent`` with ``slug``, created (and published) if missing:
    demo content that ``essaim demo`` can run again."""
    from core.demo import ensure_child_page as ensure

    return ensure(parent, model(page_model), slug, **fields)


def event_dates(days, hour, hours, minute=0) -> dict:
    """``starts_at`` and ``ends_at`` of an event ``days`` from today at ``hour``, lasting
    ``hours`` (demo content and tests)."""
    from django.utils import timezone

    day = timezone.localdate() + timedelta(days=days)
    start = timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))
    return {"starts_at": start, "ends_at": start + timedelta(hours=hours)}
