"""Wagtail's site root paths: read from the cache once per request (core/siteroots.py)."""

from django.core.cache import cache
from django.http import HttpResponse
from wagtail.models import Site

from core.siteroots import SiteRootPathsMiddleware


def _in_a_request(view):
    return SiteRootPathsMiddleware(lambda request: view())(None)


def test_one_request_reads_them_once(demo_site, monkeypatch):
    reads = []
    original_get = cache.get

    def counting_get(key, *args, **kwargs):
        if "site_root_paths" in str(key):
            reads.append(key)
        return original_get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", counting_get)
    Site.get_site_root_paths()  # in the cache from now on

    def view():
        first = Site.get_site_root_paths()
        second = Site.get_site_root_paths()
        assert first is second and first
        return HttpResponse()

    reads.clear()
    _in_a_request(view)
    assert len(reads) == 1
    Site.get_site_root_paths(), Site.get_site_root_paths()  # outside a request: Wagtail's
    assert len(reads) == 3


def test_a_site_changed_during_the_request_is_read_again(demo_site):
    seen = []

    def view():
        seen.append(Site.get_site_root_paths()[0].root_url)
        site = Site.objects.get(is_default_site=True)
        site.hostname, site.port = "participation.ville.example", 443
        site.save()
        seen.append(Site.get_site_root_paths()[0].root_url)
        return HttpResponse()

    _in_a_request(view)
    assert seen[0] != seen[1] == "https://participation.ville.example"
