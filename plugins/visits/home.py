"""The visits' sections of the home page: the index card and the next dates with seats."""

from django.utils.translation import gettext as _


def home_sections():
    from core.home import index_section, upcoming_section

    from .models import VisitIndexPage, VisitSlot

    index = index_section(VisitIndexPage,
                          _("Civic visits of the places where public decisions are made."),
                          order=40, key="visits:index")
    return [*index, *upcoming_section(
        VisitSlot, order=60, title=_("Next visits with seats left"), seats_left_only=True,
        key="visits:upcoming", url=index[0].url if index else "")]
