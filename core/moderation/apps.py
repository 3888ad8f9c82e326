from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    """Listed after wagtail.admin in INSTALLED_APPS: its ready() replaces the email
    notifiers Wagtail connects in its own."""

    name = "core.moderation"
    label = "essaim_moderation"
    verbose_name = _("Moderation emails")

    def ready(self):
        from .notifiers import replace_wagtail_notifiers

        replace_wagtail_notifiers()
