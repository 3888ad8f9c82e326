"""Hook implementations of the built-in trainings plugin."""

from django.utils.translation import gettext_lazy as _

from core.hookspecs import hookimpl

ESSAIM_REQUIRES = ">=0.1,<1"


@hookimpl
def installed_apps():
    return ["plugins.trainings"]


@hookimpl
def home_sections(request):
    from core.home import index_section

    from .models import TrainingCatalogPage

    return index_section(TrainingCatalogPage, _("Training on the city budget, project methodology and consultation tools."), order=30)


@hookimpl
def demo_content(home_page):
    from core.demo import ensure_child_page

    from .models import TrainingCatalogPage

    ensure_child_page(home_page, TrainingCatalogPage, slug="formations", title="Formations", show_in_menus=True,
                      intro="<p>Comprendre le budget de la ville, mener un projet, animer une concertation.</p>")
