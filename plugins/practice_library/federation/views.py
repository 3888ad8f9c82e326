"""Public federation documents (ActivityStreams JSON) and the page of a received sheet."""

from __future__ import annotations

import json

from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from . import activitystreams as streams
from .models import RemoteSheet

CACHE_CONTROL = "public, max-age=60"


def activity_response(document, status=200, etag=None) -> HttpResponse:
    response = HttpResponse(json.dumps(document, ensure_ascii=False, separators=(",", ":")),
                            content_type=f"{streams.MEDIA_TYPE}; charset=utf-8",
                            status=status)
    response["Cache-Control"] = CACHE_CONTROL
    response["Access-Control-Allow-Origin"] = "*"  # public data, readable from anywhere
    if etag:
        response["ETag"] = etag
    return response


def _not_modified(request, etag):
    candidates = [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]
    if etag in candidates or "*" in candidates:
        response = HttpResponseNotModified()
        response["ETag"] = etag
        response["Cache-Control"] = CACHE_CONTROL
        return response
    return None


@require_GET
def actor(request):
    return activity_response(streams.actor_document(request))


@require_GET
def outbox(request):
    after = request.GET.get("after")
    if after is None:
        etag = streams.collection_etag()
        return _not_modified(request, etag) or activity_response(
            streams.outbox_collection(), etag=etag)
    if not after.isdigit() or len(after) > 18:
        raise Http404
    after = int(after)
    etag = streams.page_etag(after)
    return _not_modified(request, etag) or activity_response(streams.outbox_page(after),
                                                             etag=etag)


@require_GET
def sheet(request, key):
    found = streams.sheet_document(key)
    if found is None:
        raise Http404
    document, status = found
    return activity_response(document, status=status)


@require_GET
def context_document(request):
    """The extension context, for JSON-LD processors that dereference it."""
    return activity_response({"@context": streams.CONTEXT[1]})


@require_GET
def remote_sheet(request, pk):
    """A sheet received from another site: read-only, its origin and licence in view."""
    from plugins.practice_library.models import LICENCE_URLS, Licence, PracticeLibraryPage

    from .adaptations import local_adaptations, remote_adaptations

    sheet = get_object_or_404(RemoteSheet.objects.visible().select_related("subscription"),
                              pk=pk)
    local = local_adaptations(sheet.url)
    remote = [s for s in remote_adaptations(sheet.url) if s.pk != sheet.pk]
    original = None
    if sheet.adapted_from_url:
        original = _original(sheet.adapted_from_url)
    return TemplateResponse(request, "practice_federation/remote_sheet.html", {
        "sheet": sheet, "library": PracticeLibraryPage.objects.live().order_by("pk").first(),
        "licence_label": Licence(sheet.licence).label if sheet.licence in Licence.values
        else sheet.licence,
        "licence_url": LICENCE_URLS.get(sheet.licence, ""),
        "local_adaptations": local, "remote_adaptations": remote,
        "adaptation_count": len(local) + len(remote), "original": original})


def _original(url):
    """What a received sheet was adapted from: the received copy when this site has one,
    else the address as given."""
    remote = RemoteSheet.objects.visible().filter(url=url).first()
    if remote is not None:
        return {"title": remote.title, "url": remote.get_absolute_url()}
    return {"title": "", "url": url}
