from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def essaim_app_labels():
    """Labels of core's apps and of every enabled plugin's apps."""
    from django.apps import apps

    from core.plugin_manager import get_plugin_manager

    names = {"core", "core.accounts", "core.bookings", "core.outbox", "search",
             *get_plugin_manager().installed_apps()}
    return {config.label for config in apps.get_app_configs() if config.name in names}


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Essaim core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Site

        from core import checks  # noqa: F401 (registers the deploy checks)
        from core.links import forget_site_url
        from core.sanitize import connect_text_cleaning

        connect_text_cleaning(essaim_app_labels())
        from core import siteroots

        siteroots.install()
        from core import pagecache

        pagecache.connect_signals()

        post_save.connect(forget_site_url, sender=Site, dispatch_uid="essaim.links.site_saved")
        post_delete.connect(forget_site_url, sender=Site,
                            dispatch_uid="essaim.links.site_deleted")
