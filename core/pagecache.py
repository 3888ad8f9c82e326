"""Anonymous pages served from the cache, never older than the data they show.

Django's cache framework (Redis in production, the process's memory in the
embedded default) keeps the HTML of anonymous GET pages for
``ESSAIM_PAGE_CACHE_SECONDS``. Every entry's key holds the cache *generation*, a
counter bumped after any write to the database through the ORM (a page
published, moved or deleted, a booking made or cancelled, a setting saved…), so
the next visitor after a change gets a fresh render: a page never shows a seat
count older than the last booking. Writes bump the generation both when they
happen and once their transaction commits, so a render that read the data
before the commit cannot be stored under the new generation (at commit once
per transaction, however many rows it writes).

Each app also has a generation of its own, bumped with the site-wide one: what is
computed from some apps' data only (``remember``, fragments with ``depends_on``, pages
with ``content_depends_on``) is kept while the other apps' data changes — the library's
facet counts outlive a booking.

What is never cached: signed-in visitors and anyone carrying a session or a
flash message (their cookie says so), previews, POSTs, responses other than 200,
responses that set a cookie, anything but HTML (feeds, calendars and APIs carry
their own validators, and conditional requests reach their view), and pages
whose form used a CSRF token (the token belongs to one visitor). Keys vary on
the language, the Accept header and the host. ``X-Essaim-Cache`` says HIT, MISS or BYPASS.

A CDN or Varnish in front can serve the same pages: see docs/operations.md.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from core import rediscache

logger = logging.getLogger(__name__)

GENERATION_KEY = "essaim:pagecache:generation"
# One per app: what ``remember`` keeps depends on the data of some apps only.
APP_GENERATION_KEY = "essaim:pagecache:generation:{}"
# Generations start from the clock (nanoseconds): a smaller one was just created by INCR.
FIRST_GENERATION = 10**15
HEADER = "X-Essaim-Cache"
# Writes that no page shows: bumping on them would only empty the cache.
IGNORED_APPS = {"sessions", "axes", "outbox", "admin", "contenttypes"}
# (Renditions and the search log are written while pages render.)
IGNORED_MODELS = {"essaim_search.searchquerystat", "essaim_search.reindexrun",
                  "wagtailimages.rendition", "wagtailcore.revision",
                  "wagtailcore.pagelogentry", "wagtailcore.modellogentry",
                  "wagtailcore.taskstate", "wagtailcore.workflowstate"}
SKIPPED_PREFIXES = ("/admin/", "/django-admin/", "/healthz", "/_util/", "/static/", "/media/")


def seconds() -> int:
    return int(getattr(settings, "ESSAIM_PAGE_CACHE_SECONDS", 0) or 0)


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        # A fresh (or emptied) cache starts from the clock, never from a number used before.
        value = time.time_ns()
        cache.add(GENERATION_KEY, value, timeout=None)
        value = cache.get(GENERATION_KEY, value)
    return value


def request_generation(request) -> int:
    """The generation for this request: read once, by the middleware or the first fragment."""
    value = getattr(request, "_essaim_generation", None)
    if value is None:
        value = request._essaim_generation = generation()
    return value


def fragment_key(request, name, vary_on=(), depends_on=None) -> str:
    """The key of a fragment shared by every visitor (core/templatetags/contentcache.py):
    under the site-wide generation, or, given ``depends_on`` (app labels), under the
    generations of these apps only — kept while other apps' data changes."""
    varies = hashlib.blake2b(repr([str(v) for v in vary_on]).encode(), digest_size=8).hexdigest()
    generation = (request_generation(request) if depends_on is None
                  else request_data_generation(request, depends_on))
    return (f"essaim:fragment:{generation}:{get_language()}:"
            f"{request.get_host()}:{name}:{varies}")


def request_data_generation(request, app_labels) -> str:
    """``data_generation(app_labels)``, read once per request for the same apps."""
    labels = tuple(sorted(set(app_labels)))
    found = getattr(request, "_essaim_data_generations", None)
    if found is None:
        found = request._essaim_data_generations = {}
    if labels not in found:
        found[labels] = data_generation(labels)
    return found[labels]


def fragments_apply(request) -> bool:
    """Whether shared fragments may be read and kept for this request."""
    return bool(seconds() and request is not None and request.method in ("GET", "HEAD")
                and not getattr(request, "is_preview", False))


def shared_content_key(request, page):
    """The key of ``page``'s main content for this request, or None when it is not shared:
    only pages that share it (``shares_content``, True or a method taking the request),
    on their own address (not a sub-route such as a form's page), for GET requests
    outside previews."""
    shares = getattr(page, "shares_content", False)
    if callable(shares):
        shares = shares(request)
    if (not shares or not fragments_apply(request)
            or request.path != page.get_url(request)):
        return None
    return fragment_key(request, "content", [page.pk, request.get_full_path()],
                        depends_on=getattr(page, "content_depends_on", None))


def serve_shared_content(serve):
    """Wagtail ``on_serve_page`` hook, inside the view-restriction check: a page whose main
    content is in the cache is served without computing its context (its queries), the
    content block coming from the cache; the header, messages and footer are the
    visitor's own."""

    def inner(page, request, args, kwargs):
        key = shared_content_key(request, page)
        if key is not None:
            html = cache.get(key)
            if html is not None:
                from django.template.response import TemplateResponse

                request.essaim_shared_content = html
                return TemplateResponse(request, page.get_template(request),
                                        {"page": page, "self": page, "request": request})
        return serve(page, request, args, kwargs)

    return inner


def invalidate(*app_labels: str) -> None:
    """Make every cached page stale (the next request of each renders it again), and what
    was computed from the data of ``app_labels`` (``remember``)."""
    keys = [GENERATION_KEY, *(APP_GENERATION_KEY.format(label) for label in app_labels)]
    found = rediscache.pipeline()
    if found is None:
        for key in keys:
            try:
                cache.incr(key)
            except ValueError:  # no generation yet, or the cache was emptied
                cache.set(key, time.time_ns(), timeout=None)
        return
    backend, pipe = found  # Redis: every generation bumped in one round trip
    for key in keys:
        pipe.incr(backend.make_and_validate_key(key))
    try:
        values = pipe.execute()
    except Exception as exc:  # as the cache itself does when Redis is down: logged
        logger.warning("Page cache generations not bumped: %s", exc)
        return
    for key, value in zip(keys, values, strict=True):
        if value < FIRST_GENERATION:  # it did not exist: start from the clock
            cache.set(key, time.time_ns(), timeout=None)


def data_generation(app_labels) -> str:
    """The generations of the data of ``app_labels`` (one cache round trip): it changes
    with any write to one of them."""
    keys = [APP_GENERATION_KEY.format(label) for label in sorted(set(app_labels))]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            value = time.time_ns()
            cache.add(key, value, timeout=None)
            found[key] = cache.get(key, value)
    return ".".join(str(found[key]) for key in keys)


_MISSING = object()


def remember(name: str, app_labels, compute):
    """``compute()``, kept in the cache until the data of one of ``app_labels`` changes
    (any ORM write to one of their models, or ``invalidate(label)``): what a page derives
    from one part of the data only — the library's facet counts, a plugin's key figure —
    is not computed again because a booking or a setting changed elsewhere. The value
    must not depend on the visitor. Computed every time when the page cache is off."""
    ttl = seconds()
    if not ttl:
        return compute()
    key = f"essaim:value:{data_generation(app_labels)}:{name}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, ttl)
    return value


class _PendingBump:
    """The generations a transaction bumps when it commits: one commit hook per
    transaction, however many writes it makes (an import of 10 000 sheets bumps at commit
    once, not 10 000 times). It may be among the hooks more than once; it runs once."""

    def __init__(self, hooks):
        self.hooks = hooks  # the connection's list of commit hooks it was added to
        self.labels = set()
        self.ran = False

    def __call__(self):
        if not self.ran:
            self.ran = True
            invalidate(*sorted(self.labels))


def invalidate_on_commit(*app_labels: str, using=None) -> None:
    """``invalidate(*app_labels)`` now and once the transaction commits, so that a render
    that read the data before the commit cannot be kept under the new generation.

    The commit bumps every app the transaction wrote, once. Django replaces its list of
    commit hooks whenever some are dropped (a savepoint or the transaction rolled back)
    or run: the pending bump is trusted only while that list is the one it was added to,
    else a new one is added (a bump too many is a cache miss, never a stale page). When
    other hooks were added after it, it is added again behind them, so it follows every
    write it stands for as a hook per write would (and a test capturing the hooks of a
    block sees it)."""
    invalidate(*app_labels)
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:  # autocommit: the write is committed already
        return
    hooks = connection.run_on_commit
    pending = getattr(connection, "_essaim_pending_bump", None)
    if pending is None or pending.ran or pending.hooks is not hooks:
        pending = connection._essaim_pending_bump = _PendingBump(hooks)
        connection.on_commit(pending)
    elif hooks[-1][1] is not pending:
        connection.on_commit(pending)
    pending.labels.update(app_labels)


def _on_write(sender, **kwargs):
    meta = sender._meta
    if meta.app_label in IGNORED_APPS or meta.label_lower in IGNORED_MODELS:
        return
    labels = [meta.app_label]
    if meta.app_label != "wagtailcore" and _is_page(sender):
        labels.append("wagtailcore")  # a page of any type: the page tree changed
    invalidate_on_commit(*labels, using=kwargs.get("using"))


def _is_page(model) -> bool:
    from wagtail.models import Page

    return issubclass(model, Page)


def connect_signals() -> None:
    post_save.connect(_on_write, dispatch_uid="essaim-pagecache-save")
    post_delete.connect(_on_write, dispatch_uid="essaim-pagecache-delete")


def _bypassed(request) -> bool:
    if request.method not in ("GET", "HEAD") or request.path.startswith(SKIPPED_PREFIXES):
        return True
    if "If-None-Match" in request.headers or "If-Modified-Since" in request.headers:
        return True  # conditional requests (feeds, federation) get their 304 from the view
    cookies = request.COOKIES
    # A session cookie may mean a signed-in member; a messages cookie, a flash message.
    return settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies


def _key(request, gen) -> str:
    accept = hashlib.blake2b(request.headers.get("Accept", "").encode(), digest_size=8).hexdigest()
    return (f"essaim:page:{gen}:{get_language()}:{accept}:{request.get_host()}:"
            f"{request.get_full_path()}")


def _storable(request, response) -> bool:
    # Only HTML pages: feeds, calendars and the APIs carry their own validators.
    return (response.status_code == 200 and not response.streaming and not response.cookies
            and response.get("Content-Type", "").startswith("text/html")
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not getattr(request, "is_preview", False)
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", ""))


class PageCacheMiddleware:
    """Placed after the session, locale, CSRF, authentication and messages middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        ttl = seconds()
        if not ttl or _bypassed(request):
            response = self.get_response(request)
            if ttl:
                response[HEADER] = "BYPASS"
            return response
        key = _key(request, request_generation(request))
        cached = cache.get(key)
        if cached is not None:
            cached[HEADER] = "HIT"
            return cached
        response = self.get_response(request)
        if _storable(request, response):
            if hasattr(response, "render") and callable(response.render):
                response.render()
            patch_vary_headers(response, ["Cookie"])
            response[HEADER] = "MISS"
            cache.set(key, response, ttl)
        else:
            response[HEADER] = "BYPASS"
        return response
