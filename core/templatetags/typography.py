"""French typography in templates: ``{{ value|long_date }}`` ("1er septembre 2026"),
``{{ value|day_month }}`` ("1er septembre"), ``{{ minutes|duration }}`` ("1 h 30")."""

from django import template

from core import typography

register = template.Library()


@register.filter
def long_date(value):
    return typography.long_date(value)


@register.filter
def day_month(value):
    return typography.long_date(value, with_year=False)


@register.filter
def duration(minutes):
    return typography.duration(minutes)
