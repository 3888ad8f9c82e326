"""The charters' sections of the home page: the index card, the charters adopted most
recently and how many are published."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

RECENT = 3


def home_sections():
    from core.home import HomeFigure, HomeSection, index_section
    from core.pagecache import remember
    from core.pages import public

    from .models import CharterIndexPage, CharterPage, CharterStatus

    index = index_section(CharterIndexPage, _("Participation charters: commitments, "
                                              "guarantees and how territories report back."),
                          order=20, key="charters:index")
    charters = public(CharterPage.objects.live())

    def figures():
        # The charters' own data only: kept through bookings (core.pagecache.remember).
        recent = list(charters.filter(status__in=[CharterStatus.ADOPTED, CharterStatus.REVISED],
                                      adopted_on__isnull=False)
                      .select_related("territory").order_by("-adopted_on", "-pk")[:RECENT])
        return charters.count(), recent

    count, recent = remember("charters:home", ["charters", "core", "wagtailcore"], figures)
    sections = [*index, HomeFigure(
        key="charters:count", value=count, order=20, url=index[0].url if index else "",
        label=ngettext("participation charter", "participation charters", count))]
    if recent:
        sections.append(HomeSection(
            title=_("Recently adopted charters"), key="charters:adopted", order=80,
            template="charters/includes/home_adopted.html", wide=True,
            url=index[0].url if index else "", context={"charters": recent}))
    return sections
