"""Hook implementations of the built-in trainings plugin."""

from django.utils.translation import gettext_lazy as _

from core.hookspecs import hookimpl

ESSAIM_REQUIRES = ">=0.1,<1"


@hookimpl
def search_documents():
    from .documents import search_document

    return [search_document()]


@hookimpl
def installed_apps():
    return ["plugins.trainings"]


@hookimpl
def urlpatterns():
    from django.urls import include, path

    return [path("", include("plugins.trainings.urls"))]


@hookimpl
def home_sections(request):
    from .home import home_sections as sections

    return sections()


@hookimpl
def booking_attended(booking):
    from .services import issue_certificates_for_attendance, session_of

    if session_of(booking) is not None:
        issue_certificates_for_attendance(booking)


@hookimpl
def demo_content(home_page):
    from .demo import create_demo_trainings

    create_demo_trainings(home_page)


@hookimpl
def personal_data():
    from .personal_data import certificates_source

    return [certificates_source()]


@hookimpl
def account_links(user):
    from django.urls import reverse

    from core.accounts.menu import AccountLink
    from core.accounts.models import in_group

    from .models import TRAINERS_GROUP

    links = [AccountLink(_("My trainings"), reverse("trainings:my_trainings"), order=20)]
    if in_group(user, TRAINERS_GROUP):
        links.append(AccountLink(_("Trainer workspace"), reverse("trainings:workspace"), order=30))
    return links
