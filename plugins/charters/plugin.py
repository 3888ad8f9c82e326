"""Hook implementations of the built-in charters plugin."""


from core.hookspecs import hookimpl

from . import hookspecs  # noqa: F401 -- the hooks this plugin adds

ESSAIM_REQUIRES = ">=0.1,<1"


@hookimpl
def search_documents():
    from .documents import search_document

    return [search_document()]


@hookimpl
def installed_apps():
    # Charter pages serve their version history and endorsement links as sub-pages.
    return ["plugins.charters", "wagtail.contrib.routable_page"]


@hookimpl
def settings_defaults():
    return {"ESSAIM_CHARTERS_ENDORSEMENT_LINK_DAYS": 7}


@hookimpl
def urlpatterns():
    from django.urls import include, path

    return [path("", include("plugins.charters.urls"))]


@hookimpl
def home_sections(request):
    from .home import home_sections as sections

    return sections()


@hookimpl
def demo_content(home_page):
    from .demo import create_demo_charters

    create_demo_charters(home_page)


@hookimpl
def personal_data():
    from .personal_data import endorsements_source

    return [endorsements_source()]
