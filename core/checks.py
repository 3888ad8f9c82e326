"""System checks of what production needs (``essaim check --deploy``)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def check_public_base_url(app_configs, **kwargs):
    """Every emailed, printed or federated link is built from ESSAIM_BASE_URL."""
    base = getattr(settings, "ESSAIM_BASE_URL", "")
    if not base:
        return [Error(
            "ESSAIM_BASE_URL is not set: links in emails, certificates, QR codes and "
            "calendar files would point to the wrong address.",
            hint="Set ESSAIM_BASE_URL to the public address, e.g. https://participation.ville.fr",
            id="essaim.E001")]
    parts = urlsplit(base)
    if parts.scheme != "https" or not parts.hostname or parts.path not in ("", "/"):
        return [Error(
            f"ESSAIM_BASE_URL={base!r} is not an https:// address without a path.",
            hint="Give scheme and host only, e.g. https://participation.ville.fr",
            id="essaim.E002")]
    return []


@register(Tags.security, deploy=True)
def check_default_site_address(app_configs, **kwargs):
    """Wagtail builds its own absolute links (sitemap, API, admin emails) from the site."""
    from urllib.parse import urlsplit

    from django.db import DatabaseError

    base = getattr(settings, "ESSAIM_BASE_URL", "")
    if not base:
        return []
    try:
        from wagtail.models import Site

        site = Site.objects.filter(is_default_site=True).first()
    except DatabaseError:  # checked before the database exists (image build)
        return []
    parts = urlsplit(base)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if site is not None and (site.hostname, site.port) != (parts.hostname, port):
        return [Warning(
            f"The default Wagtail site is {site.hostname}:{site.port} but ESSAIM_BASE_URL "
            f"is {base}: Wagtail's own links (sitemap, API) would use the site's address.",
            hint="Set the site's hostname and port in the admin (Settings → Sites).",
            id="essaim.W002")]
    return []


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    """Rate limits, lockouts and the page cache must be shared by every web process."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if not backend.endswith("RedisCache"):
        return [Warning(
            "The cache is not shared (memory or files of one machine): rate limits, "
            "login lockouts and the page cache's purges do not hold behind several "
            "workers or machines.",
            hint="Set REDIS_URL (or CELERY_BROKER_URL to a Redis server).",
            id="essaim.W001")]
    return []


@register(Tags.security, deploy=True)
def check_remote_fetching(app_configs, **kwargs):
    """Federation fetches what moderators point it to: https to public addresses only."""
    problems = []
    if getattr(settings, "ESSAIM_REMOTE_ALLOW_HTTP", False):
        problems.append(Error(
            "ESSAIM_REMOTE_ALLOW_HTTP is on: documents from other instances could be read "
            "or altered on the way.",
            hint="Unset ESSAIM_REMOTE_ALLOW_HTTP in production.", id="essaim.E003"))
    if getattr(settings, "ESSAIM_REMOTE_ALLOW_PRIVATE_ADDRESSES", False):
        problems.append(Error(
            "ESSAIM_REMOTE_ALLOW_PRIVATE_ADDRESSES is on: a subscription could reach "
            "services of the internal network (SSRF).",
            hint="Unset ESSAIM_REMOTE_ALLOW_PRIVATE_ADDRESSES in production.",
            id="essaim.E004"))
    return problems
