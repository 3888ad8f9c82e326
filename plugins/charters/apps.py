from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChartersConfig(AppConfig):
    name = "plugins.charters"
    label = "charters"
    verbose_name = _("Charters")
    default_auto_field = "django.db.models.BigAutoField"
