"""Hook implementations of the built-in visits plugin."""

from django.utils.translation import gettext_lazy as _

from core.hookspecs import hookimpl

ESSAIM_REQUIRES = ">=0.1,<1"


@hookimpl
def installed_apps():
    return ["plugins.visits"]


@hookimpl
def home_sections(request):
    from core.home import index_section

    from .models import VisitIndexPage

    return index_section(VisitIndexPage, _("Civic visits of the places where public decisions are made."), order=40)


@hookimpl
def demo_content(home_page):
    from core.demo import ensure_child_page

    from .models import VisitIndexPage

    ensure_child_page(home_page, VisitIndexPage, slug="visites", title="Visites citoyennes", show_in_menus=True,
                      intro="<p>Découvrir les lieux où se prennent les décisions publiques, sans créer de compte.</p>")
