from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JourneesCitoyennesConfig(AppConfig):
    name = "essaim_journees_citoyennes"
    label = "journees_citoyennes"
    verbose_name = _("Volunteer days")
    default_auto_field = "django.db.models.BigAutoField"
