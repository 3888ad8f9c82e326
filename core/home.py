"""Home-page sections contributed by plugins, in the order editors choose.

Plugins return ``HomeSection`` objects (a card, a list of the next dates, the latest
sheets…) and ``HomeFigure`` objects (one key number each) from the ``home_sections``
hook. The figures of every plugin are gathered into one "in figures" section. Editors
order and hide sections by their ``key`` on the home page (``HomePage.section_choices``,
an orderable inline in the admin); a section they have not listed yet comes after
those they have, in its plugin's default ``order``.
"""

from dataclasses import dataclass, field

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.pagecache import remember
from core.pages import public
from core.plugin_manager import get_plugin_manager

FIGURES_KEY = "key-figures"


@dataclass
class HomeSection:
    title: str
    description: str = ""
    url: str = ""
    link_label: str = ""
    order: int = 100
    template: str = "core/includes/home_section.html"
    context: dict = field(default_factory=dict)
    # Stable name of the section, for editors' ordering ("visits:upcoming"); the title's
    # slug when not given.
    key: str = ""
    # A wide section spans the whole width of the home page (a list of cards).
    wide: bool = False

    def __post_init__(self):
        self.key = self.key or slugify(str(self.title))


@dataclass
class HomeFigure:
    """A key number of the home page: ``value`` and the words that follow it, already
    in the right plural (ngettext), such as 12 / "territories share their practices"."""

    key: str
    value: int
    label: str
    order: int = 100
    url: str = ""


def contributed(request):
    """Every section and figure the plugins return, figures gathered in one section."""
    sections, figures = [], []
    for batch in get_plugin_manager().hook.home_sections(request=request):
        for item in batch or []:
            (figures if isinstance(item, HomeFigure) else sections).append(item)
    figures = sorted((f for f in figures if f.value), key=lambda f: (f.order, f.key))
    if figures:
        sections.append(HomeSection(
            title=str(_("In figures")), key=FIGURES_KEY, order=5,
            template="core/includes/key_figures.html", context={"figures": figures},
            wide=True))
    return sorted(sections, key=lambda s: (s.order, s.title))


def arrange(sections, choices):
    """``sections`` in the order of the editors' ``choices`` ((key, visible) pairs), those
    they hid left out, those they have not listed kept after, in their own order."""
    position = {key: index for index, (key, _visible) in enumerate(choices)}
    hidden = {key for key, visible in choices if not visible}
    shown = [s for s in sections if s.key not in hidden]
    return sorted(shown, key=lambda s: (position.get(s.key, len(position)),))


def collect_home_sections(request, home_page=None) -> list[HomeSection]:
    choices = []
    if home_page is not None and home_page.pk:
        choices = list(home_page.section_choices.values_list("key", "visible"))
    return arrange(contributed(request), choices)


def section_key_choices():
    """(key, title) of the sections plugins contribute today, for the admin's select."""
    return [(s.key, s.title) for s in contributed(None)]


def index_section(index_model, description, order, link_label="", key=""):
    """The home-page section pointing to a plugin's (single) live index page."""
    # By primary key, from the index's own (tiny) table: ordering by the tree path made
    # PostgreSQL walk every page of the site (21 ms at 10 000 sheets) for one row.
    # Its title and address are kept until a page or the plugin's data changes: the
    # sections of plugins showing seats left are computed again after every booking.
    label = index_model._meta.app_label

    def title_and_url():
        page = public(index_model.objects.live()).order_by("pk").first()
        return None if page is None else (page.title, page.url)

    found = remember(f"home-index:{index_model._meta.label_lower}", ["wagtailcore", label],
                     title_and_url)
    if found is None:
        return []
    title, url = found
    return [HomeSection(title=title, description=str(description), url=url,
                        link_label=str(link_label), order=order, key=key or f"{label}:index")]


def upcoming_section(bookable_model, order, title=None, limit=3, seats_left_only=False,
                     key="", url=""):
    """The home-page section listing the next ``limit`` upcoming objects of a Bookable
    model (sign-up kit), with their seats left (only those with seats left, if told) and
    a link to ``url`` (all the dates); nothing when none is coming. A fixed number of
    queries, whatever the data."""
    from django.db.models import F

    objects = bookable_model.objects.upcoming()
    if seats_left_only:
        objects = objects.filter(seats_taken_count__lt=F("offering__capacity"))
    page_field = bookable_model.page_field
    if page_field:
        objects = objects.select_related(page_field)
        if hasattr(bookable_model._meta.get_field(page_field).related_model, "image"):
            # The renditions in one query: from the cache, Wagtail reads each image's
            # and writes them back (two round trips per image, at every render).
            objects = objects.select_related(f"{page_field}__image").prefetch_related(
                f"{page_field}__image__renditions")
    objects = list(objects[:limit])
    if not objects:
        return []
    return [HomeSection(title=str(title or bookable_model._meta.verbose_name_plural).capitalize(),
                        order=order, template="core/includes/upcoming_section.html",
                        context={"objects": objects}, url=url, wide=True,
                        key=key or f"{bookable_model._meta.app_label}:upcoming")]
