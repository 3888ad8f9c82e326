from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticeLibraryConfig(AppConfig):
    name = "plugins.practice_library"
    label = "practice_library"
    verbose_name = _("Practice library")
    default_auto_field = "django.db.models.BigAutoField"
