"""Endorsements as a personal-data source; unconfirmed ones are purged once their link
has expired."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.personal_data import PersonalDataSource

from .models import Endorsement
from .services import endorsement_link_max_age


def _export(email):
    return [{"charter": e.charter.title, "kind": e.kind, "name": e.name,
             "organisation": e.organisation, "email": e.email, "name_shown": e.show_name,
             "requested_at": e.created_at.isoformat(),
             "confirmed_at": e.confirmed_at.isoformat() if e.confirmed_at else None}
            for e in Endorsement.objects.filter(email__iexact=email).select_related("charter")]


def _purge(now):
    deadline = now - endorsement_link_max_age()
    return Endorsement.objects.filter(confirmed_at__isnull=True,
                                      created_at__lt=deadline).delete()[0]


def endorsements_source() -> PersonalDataSource:
    days = endorsement_link_max_age().days
    return PersonalDataSource(
        name="endorsements", label=_("Endorsements of charters"),
        kept=_("Name, address, organisation and whether the name may be shown, for each "
               "charter endorsed; the address is never shown."),
        retention=ngettext_lazy(
            "As long as the endorsement stands; one never confirmed is erased after "
            "%(days)d day.",
            "As long as the endorsement stands; one never confirmed is erased after "
            "%(days)d days.", days) % {"days": days},
        holds=lambda email: Endorsement.objects.filter(email__iexact=email).exists(),
        export=_export,
        erase=lambda email, now: Endorsement.objects.filter(email__iexact=email).delete()[0],
        purge=_purge)
