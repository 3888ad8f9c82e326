from django import template

register = template.Library()


@register.filter
def links_of(links_by_commitment, commitment):
    """The links other plugins attach to ``commitment`` (``services.commitment_links``)."""
    return (links_by_commitment or {}).get(commitment.pk, [])


@register.filter
def index(sequence, position):
    return sequence[position]
