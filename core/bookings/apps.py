from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingsConfig(AppConfig):
    name = "core.bookings"
    label = "bookings"
    verbose_name = _("Sign-ups")
    default_auto_field = "django.db.models.BigAutoField"
