from django import template

from ..extensions import commitment_links as _commitment_links

register = template.Library()


@register.simple_tag
def commitment_links(commitment):
    """Links other plugins attach to a commitment (see plugins.charters.extensions)."""
    return _commitment_links(commitment)


@register.filter
def index(sequence, position):
    return sequence[position]
