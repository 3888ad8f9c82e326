"""What this instance publishes: its actor document, its outbox and each sheet as an
ActivityStreams 2.0 ``Article`` with the sheet's structured fields (docs/federation.md).

The structured fields come from the import/export mapping (transfer.export_rows), so a
sheet has one structured form, whether it leaves as a file or through federation.
"""

from __future__ import annotations

import hashlib
import re

from django.urls import reverse
from django.utils import timezone
from wagtail.rich_text import expand_db_html

from core.links import absolute_url, public_base_url
from core.sanitize import clean_rich_text

from .models import Activity, FederationEvent

MEDIA_TYPE = "application/activity+json"
AS_CONTEXT = "https://www.w3.org/ns/activitystreams"
# The extension's terms, under a namespace of their own (docs/federation.md lists them).
NAMESPACE = "urn:essaim:federation:1#"
TERMS = ["keyPoints", "territory", "inseeCode", "kind", "region", "departement",
         "population", "populationBracket", "challenges", "mechanisms", "themes",
         "audiences", "slug", "participationLevel", "recruitment", "volunteers",
         "drawnByLot", "participants", "startDate", "endDate", "status", "totalCost",
         "staffTime", "programme", "sections", "heading", "milestones", "date", "label",
         "links", "contact", "role", "email", "licence", "contributors", "adaptedFrom",
         "sequence", "cursor"]
CONTEXT = [AS_CONTEXT, {"essaim": NAMESPACE, **{term: f"essaim:{term}" for term in TERMS}}]
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200

_RELATIVE_HREF = re.compile(r'href="(/[^"]*)"')


def actor_url() -> str:
    return absolute_url(reverse("practice_federation:actor"))


def outbox_url() -> str:
    return absolute_url(reverse("practice_federation:outbox"))


def object_url(sheet_key) -> str:
    return absolute_url(reverse("practice_federation:sheet", args=[sheet_key]))


def page_url(after: int) -> str:
    return f"{outbox_url()}?after={after}"


def iso(value) -> str | None:
    return value.isoformat() if value else None


def actor_document(request) -> dict:
    """The instance: name, summary, logo and address, from its branding settings."""
    from wagtail.models import Site

    from core.models import BrandingSettings

    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    branding = BrandingSettings.for_site(site) if site else None
    logo = branding.logo if branding else None
    document = {
        "@context": CONTEXT,
        "id": actor_url(),
        "type": "Organization",
        "name": (branding.site_name if branding else "") or "Essaim",
        "summary": branding.tagline if branding else "",
        "url": public_base_url() + "/",
        "outbox": outbox_url(),
    }
    if logo is not None:
        rendition = logo.get_rendition("max-400x400")
        document["icon"] = {"type": "Image", "url": absolute_url(rendition.url),
                            "mediaType": f"image/{rendition.file.name.rsplit('.', 1)[-1]}"}
    return document


def foreign_html(html: str) -> str:
    """Stored rich text as another site can show it: internal links expanded to
    absolute addresses, nothing that points into this site's ids."""
    expanded = _RELATIVE_HREF.sub(lambda m: f'href="{absolute_url(m.group(1))}"',
                                  expand_db_html(html or ""))
    return clean_rich_text(expanded, internal_references=False)


def sheet_canonical_url(sheet) -> str:
    return absolute_url(sheet.url or "")


def article(sheet, contributors=()) -> dict:
    """The sheet as an Article, from its structured data (transfer.export_row)."""
    from plugins.practice_library.models import LICENCE_URLS, SECTIONS, Licence
    from plugins.practice_library.transfer import export_row

    row = export_row(sheet)
    territory = sheet.territory
    sections = [{"name": name, "heading": str(heading), "content": foreign_html(row[name])}
                for name, heading in SECTIONS if row.get(name)]
    article = {
        "id": object_url(sheet.translation_key),
        "type": "Article",
        "name": sheet.title,
        "url": sheet_canonical_url(sheet),
        "attributedTo": actor_url(),
        "mediaType": "text/html",
        "summary": " · ".join(sheet.key_points),
        "content": "".join(f"<h2>{s['heading']}</h2>{s['content']}" for s in sections),
        "published": iso(sheet.first_published_at),
        "updated": iso(sheet.last_published_at),
        "keyPoints": sheet.key_points,
        "territory": {"name": territory.name, "inseeCode": territory.insee_code,
                      "kind": territory.kind, "region": territory.region or None,
                      "departement": territory.departement or None,
                      "population": territory.population,
                      "populationBracket": territory.population_bracket},
        **{name: [{"slug": item.slug, "name": item.name} for item in
                  getattr(sheet, name).all()]
           for name in ("challenges", "mechanisms", "themes", "audiences")},
        "participationLevel": row["participation_level"] or None,
        "recruitment": row["recruitment"] or None,
        "volunteers": row["volunteers_count"],
        "drawnByLot": row["drawn_count"],
        "participants": row["participants_count"],
        "startDate": row["start_date"],
        "endDate": row["end_date"],
        "status": row["status"],
        "totalCost": row["total_cost"],
        "staffTime": row["staff_time"] or None,
        "programme": row["programme"] or None,
        "sections": sections,
        "milestones": [{"date": m.date.isoformat(), "label": m.label}
                       for m in sheet.milestones.all()],
        "links": [{"name": link.title, "url": link.url} for link in sheet.links.all()],
        "licence": {"id": sheet.licence, "name": str(Licence(sheet.licence).label),
                    "url": LICENCE_URLS.get(sheet.licence, "")},
        "contributors": list(contributors),
        "adaptedFrom": (sheet_canonical_url(sheet.adapted_from) if sheet.adapted_from
                        and sheet.adapted_from.live else sheet.adapted_from_url or None),
    }
    # Contact details leave the site only where the contributor agreed to their display.
    if sheet.shows_contact:
        article["contact"] = {"name": sheet.contact_name, "role": sheet.contact_role or None,
                              "email": sheet.contact_email or None}
    return article


def tombstone(event) -> dict:
    return {"id": object_url(event.sheet_key), "type": "Tombstone", "formerType": "Article",
            "deleted": iso(event.created_at)}


def activity(event, obj) -> dict:
    return {"id": f"{outbox_url()}#{event.sequence}", "type": event.activity,
            "actor": actor_url(), "published": iso(event.created_at), "object": obj,
            "sequence": event.sequence}


def _sheets(ids):
    from plugins.practice_library.models import PracticeSheetPage, contributors_of

    sheets = list(PracticeSheetPage.objects.live().public().filter(pk__in=ids)
                  .select_related("territory", "adapted_from")
                  .prefetch_related("challenges", "mechanisms", "themes", "audiences",
                                    "milestones", "links"))
    contributors = contributors_of(sheets)
    return {sheet.pk: (sheet, contributors[sheet.pk]) for sheet in sheets}


def outbox_page(after: int, limit: int = PAGE_SIZE) -> dict:
    """The events after sequence ``after``, oldest first; a sheet no longer live and
    public is served as a Delete whatever its event says (a tombstone)."""
    events = list(FederationEvent.objects.filter(sequence__gt=after)
                  .order_by("sequence")[:limit])
    sheets = _sheets([e.sheet_id for e in events if e.activity != Activity.DELETE])
    items = []
    for event in events:
        found = sheets.get(event.sheet_id)
        if event.activity != Activity.DELETE and found is not None:
            items.append(activity(event, article(*found)))
        else:
            event.activity = Activity.DELETE
            items.append(activity(event, tombstone(event)))
    page = {"@context": CONTEXT, "id": page_url(after), "type": "OrderedCollectionPage",
            "partOf": outbox_url(), "orderedItems": items}
    if events:
        # A page with items always points further: the empty page after the last
        # one is where a subscriber resumes from next time.
        page["next"] = page_url(events[-1].sequence)
        page["cursor"] = events[-1].sequence
    else:
        page["cursor"] = after
    return page


def outbox_collection() -> dict:
    return {"@context": CONTEXT, "id": outbox_url(), "type": "OrderedCollection",
            "totalItems": FederationEvent.objects.count(), "first": page_url(0)}


def page_etag(after: int, limit: int = PAGE_SIZE) -> str:
    """Changes whenever the page would: its events are replaced (new sequence numbers)
    on every change of their sheets, and new events are appended."""
    sequences = list(FederationEvent.objects.filter(sequence__gt=after).order_by("sequence")
                     .values_list("sequence", flat=True)[:limit])
    raw = f"{public_base_url()}|{after}|{limit}|{','.join(map(str, sequences))}"
    return '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'


def collection_etag() -> str:
    from django.db.models import Count, Max

    stats = FederationEvent.objects.aggregate(count=Count("pk"), last=Max("sequence"))
    raw = f"{public_base_url()}|{stats['count']}|{stats['last']}"
    return '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'


def sheet_document(sheet_key) -> tuple[dict, int] | None:
    """The Article of one sheet (200) or its tombstone (410); None if never published."""
    event = FederationEvent.objects.filter(sheet_key=sheet_key).first()
    if event is None:
        return None
    found = _sheets([event.sheet_id]) if event.activity != Activity.DELETE else {}
    if event.sheet_id in found:
        return {"@context": CONTEXT, **article(*found[event.sheet_id])}, 200
    return {"@context": CONTEXT, **tombstone(event)}, 410


def now_iso() -> str:
    return timezone.now().isoformat()
