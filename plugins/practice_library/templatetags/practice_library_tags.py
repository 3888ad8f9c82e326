from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (None removes one)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + params.urlencode() if params else "?"


@register.simple_tag(takes_context=True)
def query_without(context, name, value=None):
    """The current query string without one value of ``name`` (all of them when
    ``value`` is None), back on the first page."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    if value is None:
        params.pop(name, None)
    else:
        kept = [v for v in params.getlist(name) if v != str(value)]
        if kept:
            params.setlist(name, kept)
        else:
            params.pop(name, None)
    return "?" + params.urlencode() if params else context["request"].path


@register.simple_tag(takes_context=True)
def query_without_filters(context, facets):
    """The current query string with no facet selected (keywords and sort kept)."""
    params = context["request"].GET.copy()
    for key in ["page", *(facet.name for facet in facets)]:
        params.pop(key, None)
    return "?" + params.urlencode() if params else context["request"].path
