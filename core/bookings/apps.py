from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingsConfig(AppConfig):
    name = "core.bookings"
    label = "bookings"
    verbose_name = _("Sign-ups")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_delete

        from .models import Bookable

        for model in apps.get_models():
            if issubclass(model, Bookable):
                post_delete.connect(cancel_offering_of_deleted, sender=model,
                                    dispatch_uid=f"bookings.deleted.{model._meta.label_lower}")


def cancel_offering_of_deleted(sender, instance, **kwargs):
    """A date removed by an organiser: its people are told, its offers withdrawn."""
    from django.utils.translation import gettext

    from .services import cancel_offering

    if instance.offering_id:
        cancel_offering(instance.offering_id,
                        gettext("This date has been removed from the programme."))
