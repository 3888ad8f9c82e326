"""French typography the locale formats cannot express on their own: "1er septembre"
(an ordinal for the first day of the month only), durations in hours and minutes."""

import datetime

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def long_date(value, with_year=True) -> str:
    """``value`` (a date or datetime) written out: "1er septembre 2026" in French,
    "1 September 2026" in English; "" for None."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    text = formats.date_format(value, "DATE_FORMAT" if with_year else "MONTH_DAY_FORMAT")
    if value.day == 1 and (translation.get_language() or "fr").startswith("fr"):
        # "j F Y" gives "1 septembre 2026": the first of the month is "1er".
        text = text.replace("1", "1er", 1) if text.startswith("1") else text
    return text


def duration(minutes) -> str:
    """``minutes`` as "45 minutes", "3 heures", "1 h 30" (French) or "1 h 30" (English)."""
    if not minutes:
        return ""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return ngettext("%(count)d minute", "%(count)d minutes", rest) % {"count": rest}
    if not rest:
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    return _("%(hours)d h %(minutes)02d") % {"hours": hours, "minutes": rest}
