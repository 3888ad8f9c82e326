from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticeLibraryConfig(AppConfig):
    name = "plugins.practice_library"
    label = "practice_library"
    verbose_name = _("Practice library")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import page_published

        from . import services
        from .models import PracticeSheetPage

        page_published.connect(services.on_page_published, sender=PracticeSheetPage,
                               dispatch_uid="practice_library.published")
