"""French typography in templates. Loaded as a built-in library (settings.TEMPLATES), so
its ``date`` filter replaces Django's everywhere: the same formats, with "1er" for the
first of the month in French. ``{{ value|number }}`` groups thousands ("92 000"),
``{{ value|long_date }}`` writes a date out, ``{{ minutes|duration }}`` ("1 h 30")."""

from django import template
from django.template import defaultfilters

from core import typography

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    return defaultfilters.date(value, typography.with_ordinal_first_day(arg, value))


@register.filter
def long_date(value):
    return typography.long_date(value)


@register.filter
def day_month(value):
    return typography.long_date(value, with_year=False)


@register.filter
def number(value, decimals=0):
    return typography.number(value, decimals)


@register.filter
def duration(minutes):
    return typography.duration(minutes)
