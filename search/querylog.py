"""What people search for, in aggregate: query text and counts per week, nothing else.

No user, no IP address, no time finer than the week. Queries that look like
personal data (an email address, a phone number) are not kept. Moderators read
the table in the admin ("Recherches des visiteurs") to add synonyms or sheets
for what people look for and do not find; rows older than
ESSAIM_SEARCH_QUERY_LOG_WEEKS are purged.
"""

from __future__ import annotations

import datetime
import logging
import re

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

logger = logging.getLogger("search")

PERSONAL = re.compile(r"@|\d[\d .-]{5,}\d")
DEFAULT_WEEKS = 26


def week_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def normalise(query: str) -> str:
    return " ".join(str(query or "").lower().split())[:200]


def record(query: str, total: int) -> None:
    """Count one search of ``query`` that found ``total`` results (never raises)."""
    from search.models import SearchQueryStat

    text = normalise(query)
    if not text or PERSONAL.search(text):
        return
    week = week_of(timezone.localdate())
    zero = 1 if total == 0 else 0
    rows = SearchQueryStat.objects.filter(week=week, query=text)
    try:
        with transaction.atomic():
            if not rows.update(searches=F("searches") + 1, zero_results=F("zero_results") + zero):
                try:
                    with transaction.atomic():
                        SearchQueryStat.objects.create(week=week, query=text, searches=1,
                                                       zero_results=zero)
                except IntegrityError:  # created meanwhile by another request
                    rows.update(searches=F("searches") + 1,
                                zero_results=F("zero_results") + zero)
    except DatabaseError as exc:
        logger.warning("Could not count the search %r: %s", text, exc)


def purge(today: datetime.date | None = None) -> int:
    from search.models import SearchQueryStat

    weeks = getattr(settings, "ESSAIM_SEARCH_QUERY_LOG_WEEKS", DEFAULT_WEEKS)
    limit = week_of(today or timezone.localdate()) - datetime.timedelta(weeks=weeks)
    deleted, _detail = SearchQueryStat.objects.filter(week__lt=limit).delete()
    return deleted
