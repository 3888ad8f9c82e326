"""The XML sitemap, its addresses built from the public base URL (core/links.py), like
every other absolute link, rather than from the Wagtail site's hostname."""

from urllib.parse import urlsplit

from wagtail.contrib.sitemaps import Sitemap

from core.links import absolute_url


class PublicSitemap(Sitemap):
    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for info in urls:
            parts = urlsplit(info["location"])
            info["location"] = absolute_url(parts.path + (f"?{parts.query}" if parts.query
                                                          else ""))
        return urls
