"""``{% contentcache "name" [vary_on…] %}…{% endcontentcache %}``: a fragment shared by
every visitor, kept until the content changes.

The fragment's key holds the page cache's generation (core/pagecache.py), the language
and the host, so any write to the data renders it again, like the anonymous page cache;
it is what makes a signed-in member's page, or the first render of a page after a
change, cheap: the menu, the header's brand, the footer's links and the home page's
sections come from the cache. Only for what is the same for every visitor (never a
form, a user's name or a CSRF token); add to ``vary_on`` what else it depends on (the
current page for ``aria-current``). Rendered without the cache in previews and when the
page cache is off (``ESSAIM_PAGE_CACHE_SECONDS=0``), and only for GET requests: a POST
renders its answer afresh.

``depends_on="app_label other_app"`` (last) keys the fragment on the generations of these
apps only (core.pagecache.data_generation): it is kept while other apps' data changes —
the header's brand is not rendered again because of a booking. Name every app whose data
it shows; a page model of any type counts as ``wagtailcore``.

``{% sharedcontent %}…{% endsharedcontent %}`` (around the content block of the base
template) does the same for the main content of a page whose class sets
``shares_content = True``: see core.pagecache.serve_shared_content.
"""

from django import template
from django.core.cache import cache

from core import pagecache

register = template.Library()


def _cached_render(nodelist, context, key, ttl):
    value = cache.get(key)
    if value is None:
        value = nodelist.render(context)
        # Never keep a CSRF token: it belongs to one visitor.
        if "csrfmiddlewaretoken" not in value:
            cache.set(key, value, ttl)
    return value


class ContentCacheNode(template.Node):
    def __init__(self, nodelist, name, vary_on, depends_on=None):
        self.nodelist, self.name, self.vary_on = nodelist, name, vary_on
        self.depends_on = depends_on

    def render(self, context):
        request = context.get("request")
        if not pagecache.fragments_apply(request):
            return self.nodelist.render(context)
        depends_on = None
        if self.depends_on is not None:
            depends_on = str(self.depends_on.resolve(context)).split()
        key = pagecache.fragment_key(request, self.name.resolve(context),
                                     [v.resolve(context) for v in self.vary_on], depends_on)
        return _cached_render(self.nodelist, context, key, pagecache.seconds())


class SharedContentNode(template.Node):
    """The main content of a page that shares it (``shares_content``): from the cache
    when the page was served from it (core.pagecache.serve_shared_content), else
    rendered and kept there."""

    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        request = context.get("request")
        cached = getattr(request, "essaim_shared_content", None)
        if cached is not None:
            return cached
        page = context.get("page")
        key = pagecache.shared_content_key(request, page)
        if key is None:
            return self.nodelist.render(context)
        return _cached_render(self.nodelist, context, key, pagecache.seconds())


@register.tag
def contentcache(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a fragment name.")
    depends_on = None
    if bits[-1].startswith("depends_on="):
        depends_on = parser.compile_filter(bits.pop()[len("depends_on="):])
    nodelist = parser.parse(("endcontentcache",))
    parser.delete_first_token()
    return ContentCacheNode(nodelist, parser.compile_filter(bits[1]),
                            [parser.compile_filter(bit) for bit in bits[2:]], depends_on)


@register.tag
def sharedcontent(parser, token):
    nodelist = parser.parse(("endsharedcontent",))
    parser.delete_first_token()
    return SharedContentNode(nodelist)
