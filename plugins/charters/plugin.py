"""Hook implementations of the built-in charters plugin."""

from django.utils.translation import gettext_lazy as _

from core.hookspecs import hookimpl

ESSAIM_REQUIRES = ">=0.1,<1"


@hookimpl
def installed_apps():
    return ["plugins.charters"]


@hookimpl
def home_sections(request):
    from core.home import index_section

    from .models import CharterIndexPage

    return index_section(CharterIndexPage, _("Participation charters: commitments, guarantees and how territories report back."), order=20)


@hookimpl
def demo_content(home_page):
    from core.demo import ensure_child_page

    from .models import CharterIndexPage

    ensure_child_page(home_page, CharterIndexPage, slug="chartes", title="Chartes", show_in_menus=True,
                      intro="<p>Les engagements pris par les territoires envers leurs habitants, et leur suivi.</p>")
