from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "plugins.visits"
    label = "visits"
    verbose_name = _("Civic visits")
    default_auto_field = "django.db.models.BigAutoField"
