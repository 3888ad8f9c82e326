"""The library's sections of the home page: the index card, the latest sheets and the
number of territories sharing their practices."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

LATEST = 3


def home_sections():
    from wagtail.models import Page

    from core.home import HomeFigure, HomeSection, index_section
    from core.pagecache import remember
    from core.pages import public

    from .models import PracticeLibraryPage, PracticeSheetPage

    library = index_section(PracticeLibraryPage, _(
        "Practice sheets from other local authorities, searchable by problem, mechanism and "
        "territory."), order=10, key="practice_library:index")
    sheets = public(PracticeSheetPage.objects.live())

    def figures():
        # The newest ids from the page table alone (its first_published_at index), then
        # those sheets: sorting the join of every sheet with its page, image and
        # territory took 50 ms at 10 000 sheets. A few more than shown, in case some are
        # behind a view restriction (left out below). Counting the territories reads
        # every sheet: both are kept until a page changes, not after every booking.
        newest = list(Page.objects.live().exact_type(PracticeSheetPage)
                      .order_by("-first_published_at", "-pk")
                      .values_list("pk", flat=True)[:LATEST * 3])
        return newest, sheets.values("territory").distinct().count()

    newest, territories = remember("practice_library:home", ["practice_library", "wagtailcore"],
                                   figures)
    latest = sorted(sheets.filter(pk__in=newest).select_related("territory", "image")
                    .prefetch_related("image__renditions"),
                    key=lambda sheet: newest.index(sheet.pk))[:LATEST]
    sections = [*library, HomeFigure(
        key="practice_library:territories", value=territories, order=10,
        url=library[0].url if library else "",
        label=ngettext("territory shares its practices", "territories share their practices",
                       territories))]
    if latest:
        sections.append(HomeSection(
            title=_("Latest practice sheets"), key="practice_library:latest", order=50,
            template="practice_library/includes/home_latest.html", wide=True,
            url=library[0].url if library else "", context={"sheets": latest}))
    return sections
