"""Hook implementations of the built-in practice_library plugin."""

from django.utils.translation import gettext_lazy as _

from core.hookspecs import hookimpl

ESSAIM_REQUIRES = ">=0.1,<1"


@hookimpl
def installed_apps():
    return ["plugins.practice_library", "wagtail.contrib.routable_page"]


@hookimpl
def urlpatterns():
    from .urls import urlpatterns as patterns

    return patterns


@hookimpl
def search_documents():
    from .documents import search_document

    return [search_document()]


@hookimpl
def home_sections(request):
    from core.home import index_section

    from .models import PracticeLibraryPage

    return index_section(PracticeLibraryPage, _(
        "Practice sheets from other local authorities, searchable by problem, mechanism and "
        "territory."), order=10)


@hookimpl(tryfirst=True)  # the library comes first in the menu
def demo_content(home_page):
    from .demo import create_demo_content

    create_demo_content(home_page)


@hookimpl
def personal_data():
    from .personal_data import contacts_source

    return [contacts_source()]
