"""French typography the locale formats cannot express on their own: "1er septembre"
(an ordinal for the first day of the month only), durations in hours and minutes, and
numbers grouped by a narrow no-break space (core/formats/fr/formats.py)."""

import datetime

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

NARROW_NBSP = "\u202f"


def _french():
    return (translation.get_language() or "fr").startswith("fr")


def with_ordinal_first_day(format_string, value):
    """``format_string`` (a date format or the name of one, such as "DATE_FORMAT") with its
    day ("j") written "1er" when ``value`` is the first of the month, in French."""
    if getattr(value, "day", None) != 1 or not _french():
        return format_string
    if format_string is None:
        format_string = "DATE_FORMAT"
    if format_string.isupper() and "_" in format_string:
        format_string = formats.get_format(format_string)
    result, escaped = [], False
    for char in format_string:
        if escaped:
            result.append(char)
            escaped = False
        elif char == "\\":
            result.append(char)
            escaped = True
        elif char == "j":
            result.append("j\\e\\r")
        else:
            result.append(char)
    return "".join(result)


def long_date(value, with_year=True) -> str:
    """``value`` (a date or datetime) written out: "1er septembre 2026" in French,
    "1 September 2026" in English; "" for None."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    name = "DATE_FORMAT" if with_year else "MONTH_DAY_FORMAT"
    return formats.date_format(value, with_ordinal_first_day(name, value))


def number(value, decimals=0) -> str:
    """``value`` grouped by thousands as the language writes it: "92 000" (a narrow
    no-break space) in French, "92,000" in English; "" for None."""
    if value is None or value == "":
        return ""
    return formats.number_format(value, decimals, use_l10n=True, force_grouping=True)


def duration(minutes) -> str:
    """``minutes`` as "45 minutes", "3 heures", "1 h 30"."""
    if not minutes:
        return ""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return ngettext("%(count)d minute", "%(count)d minutes", rest) % {"count": rest}
    if not rest:
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    return _("%(hours)d h %(minutes)02d") % {"hours": hours, "minutes": rest}


def capitalised_choices(choices):
    """Choice labels as options of a list: with a capital ("Concertation"). The models keep
    them in lower case, for use inside sentences."""
    from django.utils.text import capfirst

    return [(value, capfirst(label)) for value, label in choices]
