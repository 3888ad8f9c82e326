"""What Essaim keeps about a person, across core and every plugin.

Each part of the site that stores personal data declares a ``PersonalDataSource``: core
for sign-ups, accounts and outgoing messages, each plugin through the
``personal_data`` hook for what it adds (certificates, endorsements, the contacts of
practice sheets…). Core's "my data" pages, the daily retention purge, account deletion
and the personal-data page call them all:

    holds(email)   does the source keep anything about this address?
    export(email)  every record, as JSON-serialisable dicts
    erase(email)   erase it, or anonymise what must stay (a certificate is revoked at
                   the holder's request); returns how many records changed
    purge(now)     apply the source's retention rule; returns how many records went
    kept, retention   what is kept and why, and for how long (the personal-data page)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone


@dataclass(frozen=True)
class PersonalDataSource:
    name: str
    label: str
    kept: str
    retention: str
    holds: Callable[[str], bool]
    export: Callable[[str], list[dict]]
    erase: Callable[[str, datetime], int]
    purge: Callable[[datetime], int] | None = None


def normalise(email: str) -> str:
    return (email or "").strip().lower()


def sources() -> list[PersonalDataSource]:
    from core.plugin_manager import get_plugin_manager

    found = core_sources()
    for impl in reversed(get_plugin_manager().hook.personal_data.get_hookimpls()):
        found += list(impl.function() or [])
    return found


def core_sources() -> list[PersonalDataSource]:
    from core.accounts.personal_data import account_source
    from core.bookings.personal_data import bookings_source
    from core.outbox.personal_data import outbox_source

    return [bookings_source(), account_source(), outbox_source(), requests_source()]


# --- the "my data" requests themselves -------------------------------------------------


def link_hours() -> int:
    from core.bookings import conf

    return conf.get("ESSAIM_BOOKINGS_MY_DATA_LINK_HOURS")


def request_link(email) -> str:
    """The token of a new request for ``email``: the id of a row, not the address."""
    from core.models import PersonalDataRequest
    from core.tokens import make_token

    return make_token(REQUEST_PURPOSE, str(PersonalDataRequest.objects.create(
        email=normalise(email)).pk))


def email_of_request(token) -> str:
    """The address a "my data" link was made for; raises core.tokens.TokenError."""
    from datetime import timedelta

    from core.models import PersonalDataRequest
    from core.tokens import InvalidToken, read_token

    value = read_token(REQUEST_PURPOSE, token, max_age=timedelta(hours=link_hours()))
    try:
        request = PersonalDataRequest.objects.filter(pk=value).first()
    except Exception as exc:  # not a UUID
        raise InvalidToken() from exc
    if request is None:
        raise InvalidToken()
    return request.email


REQUEST_PURPOSE = "core.my-data"


def requests_source() -> PersonalDataSource:
    from datetime import timedelta

    from django.utils.translation import gettext_lazy as _
    from django.utils.translation import ngettext_lazy

    from core.models import PersonalDataRequest

    hours = link_hours()

    def purge(now):
        return PersonalDataRequest.objects.filter(
            created_at__lt=now - timedelta(hours=hours)).delete()[0]

    return PersonalDataSource(
        name="requests", label=_("Requests to see or erase one's data"),
        kept=_("The address a “my data” link was sent to, while the link works."),
        retention=ngettext_lazy("%(hours)d hour.", "%(hours)d hours.", hours)
        % {"hours": hours},
        holds=lambda email: False,  # a request alone is not data to send a link for
        export=lambda email: [{"requested_at": r.created_at.isoformat()} for r in
                              PersonalDataRequest.objects.filter(email=email)],
        erase=lambda email, now: PersonalDataRequest.objects.filter(email=email).delete()[0],
        purge=purge)


def holds_data(email) -> bool:
    email = normalise(email)
    return bool(email) and any(source.holds(email) for source in sources())


def export_all(email) -> dict:
    """Everything kept about ``email``, in one document."""
    email = normalise(email)
    return {"email": email, "exported_at": timezone.now().isoformat(),
            "sources": {source.name: {"label": str(source.label),
                                      "retention": str(source.retention),
                                      "records": source.export(email)}
                        for source in sources()}}


def erase_all(email, now=None) -> dict[str, int]:
    """Erase (or anonymise) everything kept about ``email``; records changed per source."""
    from django.db import transaction

    email, now = normalise(email), now or timezone.now()
    with transaction.atomic():
        return {source.name: source.erase(email, now) for source in sources()}


def purge_all(now=None) -> dict[str, int]:
    """Every source's retention rule (the daily beat task)."""
    now = now or timezone.now()
    return {source.name: source.purge(now) for source in sources() if source.purge}


def register() -> list[dict]:
    """What is kept, why and for how long: the personal-data page's table."""
    return [{"label": str(source.label), "kept": str(source.kept),
             "retention": str(source.retention)} for source in sources()]
