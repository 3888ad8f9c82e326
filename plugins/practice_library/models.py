from django.utils.translation import gettext_lazy as _

from core.models import SectionIndexPage


class PracticeLibraryPage(SectionIndexPage):
    class Meta:
        verbose_name = _("practice library index")
