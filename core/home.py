"""Home-page sections contributed by plugins."""

from dataclasses import dataclass, field

from core.plugin_manager import get_plugin_manager


@dataclass
class HomeSection:
    title: str
    description: str = ""
    url: str = ""
    link_label: str = ""
    order: int = 100
    template: str = "core/includes/home_section.html"
    context: dict = field(default_factory=dict)


def collect_home_sections(request) -> list[HomeSection]:
    sections = [s for batch in get_plugin_manager().hook.home_sections(request=request)
                for s in (batch or [])]
    return sorted(sections, key=lambda s: (s.order, s.title))


def index_section(index_model, description, order, link_label=""):
    """The home-page section pointing to a plugin's (single) live index page."""
    page = index_model.objects.live().public().first()
    if page is None:
        return []
    return [HomeSection(title=page.title, description=str(description), url=page.url,
                        link_label=str(link_label), order=order)]


def upcoming_section(bookable_model, order, title=None, limit=3):
    """The home-page section listing the next ``limit`` upcoming objects of a Bookable
    model (sign-up kit), with their seats left; nothing when none is coming."""
    objects = list(bookable_model.objects.upcoming()[:limit])
    if not objects:
        return []
    return [HomeSection(title=str(title or bookable_model._meta.verbose_name_plural).capitalize(),
                        order=order, template="core/includes/upcoming_section.html",
                        context={"objects": objects})]
