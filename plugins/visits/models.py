from django.utils.translation import gettext_lazy as _

from core.models import SectionIndexPage


class VisitIndexPage(SectionIndexPage):
    class Meta:
        verbose_name = _("civic visits index")
