from django.utils.translation import gettext_lazy as _

from core.models import SectionIndexPage


class TrainingCatalogPage(SectionIndexPage):
    class Meta:
        verbose_name = _("trainings catalogue index")
