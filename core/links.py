"""The public address of the site: the one source of truth for absolute links.

Emails, certificates, QR codes, calendar files and federation documents are
read away from the site, often written by a worker that has no request to look
at. They all take their links from here:

1. ``ESSAIM_BASE_URL`` (the environment), e.g. ``https://participation.ville.fr``;
   production refuses to pass ``check --deploy`` without it, and ``essaim run
   ADDR:PORT`` sets it to what it serves;
2. otherwise the default Wagtail site's root URL (hostname and port set in the
   admin under Settings → Sites).
"""

import time

from django.conf import settings

SITE_URL_TTL_SECONDS = 60
_site_url = {"value": None, "until": 0.0}


def public_base_url() -> str:
    """``scheme://host[:port]`` of the public site, without a trailing slash."""
    configured = getattr(settings, "ESSAIM_BASE_URL", "")
    if configured:
        return configured.rstrip("/")
    now = time.monotonic()
    if _site_url["value"] is None or now >= _site_url["until"]:
        from wagtail.models import Site

        site = Site.objects.filter(is_default_site=True).only("hostname", "port").first()
        _site_url["value"] = site.root_url.rstrip("/") if site else "http://localhost"
        _site_url["until"] = now + SITE_URL_TTL_SECONDS
    return _site_url["value"]


LOCAL_HOSTNAMES = {"localhost", "127.0.0.1", "[::1]", "::1", "testserver"}


def align_default_site(base_url: str) -> bool:
    """Give a local default Wagtail site the host and port of ``base_url`` (what `essaim
    run` and `essaim demo` do), so Wagtail's own absolute links (sitemap, API, admin)
    agree with ours. A site with a real hostname is the administrators' to set: left
    alone. True if the site changed."""
    from urllib.parse import urlsplit

    from wagtail.models import Site

    parts = urlsplit(base_url)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or not parts.hostname or site.hostname not in LOCAL_HOSTNAMES:
        return False
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if (site.hostname, site.port) == (parts.hostname, port):
        return False
    site.hostname, site.port = parts.hostname, port
    site.save(update_fields=["hostname", "port"])
    return True


def forget_site_url(**kwargs):
    """Connected to the Site model's save and delete signals (core.apps)."""
    _site_url["value"] = None


def absolute_url(path: str) -> str:
    """``path`` (``/visites/…``) as an absolute link; absolute URLs are returned as they are."""
    if not path:
        return public_base_url() + "/"
    if path.startswith(("http://", "https://")):
        return path
    return public_base_url() + ("" if path.startswith("/") else "/") + path
