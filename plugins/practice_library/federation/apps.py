from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticeFederationConfig(AppConfig):
    name = "plugins.practice_library.federation"
    label = "practice_federation"
    verbose_name = _("Federation of practice libraries")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from plugins.practice_library.models import PracticeSheetPage

        from . import events

        page_published.connect(events.on_published, sender=PracticeSheetPage,
                               dispatch_uid="practice_federation.published")
        page_unpublished.connect(events.on_unpublished, sender=PracticeSheetPage,
                                 dispatch_uid="practice_federation.unpublished")
        post_delete.connect(events.on_deleted, sender=PracticeSheetPage,
                            dispatch_uid="practice_federation.deleted")
        post_page_move.connect(events.on_moved, dispatch_uid="practice_federation.moved")
