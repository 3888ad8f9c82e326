"""Start from the demo's home page and follow every same-site link — pages, feeds,
calendars, PDFs, the sitemap and the API — in French and in English: no error, no broken
link, no absolute link to another host than the public base URL."""

import json
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

MAX_URLS = 400
NOT_LINKS = ("mailto:", "tel:", "javascript:", "data:", "#")
# Forms, not links: reached by the tests of what they do.
POST_ONLY = ("/i18n/setlang/", "/compte/deconnexion/")


class Links(HTMLParser):
    ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src",
                  "source": "srcset", "form": None}

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = self.ATTRIBUTES.get(tag)
        if tag == "form" and (attrs.get("method") or "get").lower() == "get" \
                and attrs.get("action"):
            self.found.append(attrs["action"])
        elif name and attrs.get(name):
            value = attrs[name]
            if name == "srcset":
                self.found += [part.split()[0] for part in value.split(",") if part.strip()]
            else:
                self.found.append(value)


def links_in(response):
    content_type = response.get("Content-Type", "")
    body = response.content.decode(errors="replace")
    if "html" in content_type:
        parser = Links()
        parser.feed(body)
        return parser.found
    if "xml" in content_type:  # sitemap, Atom feed
        return re.findall(r"<loc>([^<]+)</loc>", body) + re.findall(r'href="([^"]+)"', body)
    if "json" in content_type:
        return re.findall(r'"(?:html_url|detail_url|next)": "([^"]+)"',
                          json.dumps(json.loads(body)))
    return []


def normalise(url, base):
    """A same-site path+query to fetch, or None for what is not followed."""
    url = url.strip()
    if not url or url.startswith(NOT_LINKS):
        return None
    absolute = urljoin(base, url)
    parts = urlsplit(absolute)
    if parts.scheme not in ("http", "https"):
        return None
    public = urlsplit(settings.ESSAIM_BASE_URL)
    if parts.netloc not in (public.netloc, "testserver"):
        return ("external", absolute)
    query = urlencode(sorted(parse_qsl(parts.query)))
    return parts.path + (f"?{query}" if query else "")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_link_from_the_home_page_leads_somewhere(demo_site, client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    seeds = ["/", "/sitemap.xml", "/pratiques/flux.atom", "/api/v2/pages/",
             "/visites/calendrier.ics", "/formations/calendrier.ics"]
    queue, seen = deque(seeds), set(seeds)
    broken, wrong_host, fetched = [], set(), 0
    while queue and fetched < MAX_URLS:
        url = queue.popleft()
        if url.startswith(settings.STATIC_URL):
            if not finders.find(urlsplit(url).path.removeprefix(settings.STATIC_URL)):
                broken.append((url, "missing static file"))
            continue
        if url.startswith(settings.MEDIA_URL):  # served by the web server or the storage
            from django.core.files.storage import default_storage

            if not default_storage.exists(urlsplit(url).path.removeprefix(settings.MEDIA_URL)):
                broken.append((url, "missing media file"))
            continue
        response = client.get(url, follow=True)
        fetched += 1
        if response.status_code != 200:
            broken.append((url, response.status_code))
            continue
        if "?" in url:
            continue  # query-string pages (filters, pages of results) are not crawled on
        base = settings.ESSAIM_BASE_URL + url
        for link in links_in(response):
            target = normalise(link, base)
            if target is None:
                continue
            if isinstance(target, tuple):
                host = urlsplit(target[1]).netloc
                if host in ("localhost", "127.0.0.1") or host.startswith("localhost:"):
                    wrong_host.add((url, target[1]))
                continue
            if target.startswith(POST_ONLY) or target in seen:
                continue
            seen.add(target)
            queue.append(target)
    assert broken == [], f"broken links (from {fetched} fetched): {broken}"
    assert wrong_host == set(), f"links to another host than the public one: {wrong_host}"
    assert fetched > 60, f"only {fetched} URLs reached: is the crawl following links?"
