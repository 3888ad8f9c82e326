"""Hook implementations of the built-in visits plugin."""


from core.hookspecs import hookimpl

ESSAIM_REQUIRES = ">=0.1,<1"


@hookimpl
def search_documents():
    from .documents import search_document

    return [search_document()]


@hookimpl
def installed_apps():
    return ["plugins.visits"]


@hookimpl
def urlpatterns():
    from django.urls import include, path

    return [path("", include("plugins.visits.urls"))]


@hookimpl
def home_sections(request):
    from .home import home_sections as sections

    return sections()


@hookimpl
def demo_content(home_page):
    from .demo import create_demo_visits

    create_demo_visits(home_page)
