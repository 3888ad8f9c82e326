"""Engine settings, each with a default; a project overrides them in its settings."""

import os
from datetime import timedelta

from django.conf import settings

DEFAULTS = {
    # Personal data of a booking is erased this many days after its offering ends.
    "ESSAIM_BOOKINGS_RETENTION_DAYS": int(os.environ.get("ESSAIM_BOOKINGS_RETENTION_DAYS", 90)),
    "ESSAIM_BOOKINGS_CONFIRM_LINK_HOURS": 72,
    "ESSAIM_BOOKINGS_MANAGE_LINK_DAYS": 180,
    "ESSAIM_BOOKINGS_MY_DATA_LINK_HOURS": 24,
    # Sign-up attempts allowed per hour; read from the environment so a benchmark
    # or a busy town hall can raise them without a settings module.
    "ESSAIM_BOOKINGS_RATE_LIMIT_PER_IP": int(os.environ.get("ESSAIM_BOOKINGS_RATE_LIMIT_PER_IP",
                                                            30)),
    "ESSAIM_BOOKINGS_RATE_LIMIT_PER_EMAIL": int(os.environ.get(
        "ESSAIM_BOOKINGS_RATE_LIMIT_PER_EMAIL", 5)),
    "ESSAIM_BOOKINGS_CONSENT_VERSION": "2026-11",
}


def get(name):
    return getattr(settings, name, DEFAULTS[name])


def retention():
    return timedelta(days=get("ESSAIM_BOOKINGS_RETENTION_DAYS"))

