"""Wagtail's site root paths, read once per request.

Every ``page.url`` (a link in a template, a section's address) asks Django's cache for
the site root paths unless it is given the request: with Redis, one round trip per page
linked to — seventeen for the home page. Within a request the first answer is kept
(``SiteRootPathsMiddleware``); clearing them (a site saved or deleted, a site's root
page moved, as Wagtail does) forgets it too, so a request that changes them reads them
again. Outside a request (tasks, commands), Wagtail's own behaviour is unchanged.
"""

import contextvars

_memo = contextvars.ContextVar("essaim_site_root_paths", default=None)


def install() -> None:
    """Wrap ``Site.get_site_root_paths`` and ``Site.clear_site_root_paths_cache``."""
    from wagtail.models import Site

    if getattr(Site.get_site_root_paths, "essaim_memoised", False):
        return
    read, clear = Site.get_site_root_paths, Site.clear_site_root_paths_cache

    def get_site_root_paths():
        memo = _memo.get()
        if memo is None:
            return read()
        if "paths" not in memo:
            memo["paths"] = read()
        return memo["paths"]

    def clear_site_root_paths_cache():
        memo = _memo.get()
        if memo is not None:
            memo.clear()
        clear()

    get_site_root_paths.essaim_memoised = True
    Site.get_site_root_paths = staticmethod(get_site_root_paths)
    Site.clear_site_root_paths_cache = staticmethod(clear_site_root_paths_cache)


class SiteRootPathsMiddleware:
    """Keeps the site root paths for the duration of one request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
