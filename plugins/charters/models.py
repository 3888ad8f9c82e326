from django.utils.translation import gettext_lazy as _

from core.models import SectionIndexPage


class CharterIndexPage(SectionIndexPage):
    class Meta:
        verbose_name = _("charters index")
