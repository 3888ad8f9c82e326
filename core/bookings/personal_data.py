"""Sign-ups as a personal-data source (core.personal_data)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.personal_data import PersonalDataSource

from . import conf, services


def bookings_source() -> PersonalDataSource:
    days = conf.get("ESSAIM_BOOKINGS_RETENTION_DAYS")
    return PersonalDataSource(
        name="bookings", label=_("Sign-ups to visits and trainings"),
        kept=_("Name, email address, phone, party size, accessibility needs and answers "
               "of each sign-up, to run it and send its emails (confirmation, reminder, "
               "changes)."),
        retention=ngettext_lazy(
            "Until %(days)d day after the event; then erased, only anonymous counts and "
            "ratings stay.",
            "Until %(days)d days after the event; then erased, only anonymous counts and "
            "ratings stay.", days) % {"days": days},
        holds=lambda email: services.bookings_of(email).exists(),
        export=lambda email: services.export_personal_data(email)["bookings"],
        erase=lambda email, now: services.erase_personal_data(email, now=now),
        purge=services.purge_personal_data)
