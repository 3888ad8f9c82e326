"""Hook implementations of the built-in practice_library plugin."""

from django.utils.translation import gettext_lazy as _

from core.hookspecs import hookimpl

ESSAIM_REQUIRES = ">=0.1,<1"


@hookimpl
def installed_apps():
    return ["plugins.practice_library"]


@hookimpl
def home_sections(request):
    from core.home import index_section

    from .models import PracticeLibraryPage

    return index_section(PracticeLibraryPage, _("Practice sheets from other local authorities, searchable by problem, mechanism and territory."), order=10)


@hookimpl(tryfirst=True)  # the library comes first in the menu
def demo_content(home_page):
    from core.demo import ensure_child_page

    from .models import PracticeLibraryPage

    ensure_child_page(home_page, PracticeLibraryPage, slug="pratiques", title="Pratiques", show_in_menus=True,
                      intro="<p>Des fiches pratiques rédigées par des collectivités, pour s'inspirer de ce qui fonctionne ailleurs.</p>")
