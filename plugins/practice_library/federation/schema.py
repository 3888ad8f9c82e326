"""Validating what another instance sends, against the schema of docs/federation.md.

Everything received is hostile until proven otherwise: types, lengths and allowed
values are checked, rich text goes through the site's one sanitiser (without internal
references), control characters are removed from every string, addresses must belong
to the sending instance. An unknown taxonomy value is not dropped: it is kept as a plain
label (shown and searchable), only known values feed the facets.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.dateparse import parse_datetime

from core.sanitize import clean_rich_text
from core.text import strip_control_characters

TAXONOMY_NAMES = ("challenges", "mechanisms", "themes", "audiences")
MAX_TEXT = 300
MAX_TITLE = 255
MAX_URL = 500
MAX_HTML = 100_000
MAX_ITEMS = 50


class Invalid(ValueError):
    """The object does not follow the schema; the message says where."""


def _text(value, where, limit=MAX_TEXT, required=False) -> str:
    if value is None or value == "":
        if required:
            raise Invalid(f"{where}: required")
        return ""
    if not isinstance(value, str):
        raise Invalid(f"{where}: must be text")
    value = strip_control_characters(value).strip()
    if len(value) > limit:
        raise Invalid(f"{where}: longer than {limit} characters")
    if required and not value:
        raise Invalid(f"{where}: required")
    return value


def _integer(value, where, maximum=2**31 - 1):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
        raise Invalid(f"{where}: must be a whole number between 0 and {maximum}")
    return value


def _date(value, where):
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(_text(value, where, 10)).isoformat()
    except ValueError:
        raise Invalid(f"{where}: must be a date written YYYY-MM-DD") from None


def _datetime(value, where):
    if value is None:
        return None
    try:
        parsed = parse_datetime(_text(value, where, 40))
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise Invalid(f"{where}: must be a date and time with a time zone (ISO 8601)")
    return parsed


def _choice(value, where, allowed):
    if value is None or value == "":
        return ""
    if value not in allowed:
        raise Invalid(f"{where}: “{str(value)[:50]}” is not one of {', '.join(allowed)}")
    return value


def _list(value, where, limit=MAX_ITEMS) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise Invalid(f"{where}: must be a list")
    if len(value) > limit:
        raise Invalid(f"{where}: more than {limit} items")
    return value


def _object(value, where, required=False) -> dict:
    if value is None and not required:
        return {}
    if not isinstance(value, dict):
        raise Invalid(f"{where}: must be an object")
    return value


def check_address(value, where, origin: str, required=True) -> str:
    """An http(s) address on the sending instance's own origin (scheme://host:port)."""
    url = _text(value, where, MAX_URL, required=required)
    if not url:
        return ""
    parts = urlsplit(url)
    schemes = {"https", "http"} if getattr(settings, "ESSAIM_REMOTE_ALLOW_HTTP", False) \
        else {"https"}
    if parts.scheme not in schemes or not parts.hostname:
        raise Invalid(f"{where}: must be an {' or '.join(sorted(schemes))} address")
    if origin and f"{parts.scheme}://{parts.netloc}".lower() != origin:
        raise Invalid(f"{where}: must be on {origin}, the instance that sent it")
    return url


def web_address(value, where) -> str:
    """Any http(s) address (a link, an adaptation's original on a third site)."""
    url = _text(value, where, MAX_URL)
    if url and urlsplit(url).scheme not in ("http", "https"):
        raise Invalid(f"{where}: must be an http or https address")
    return url


def origin_of_url(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _taxonomy(value, where, known: dict[str, str]) -> list[dict]:
    items = []
    for position, item in enumerate(_list(value, where), 1):
        item = _object(item, f"{where}[{position}]", required=True)
        slug = _text(item.get("slug"), f"{where}[{position}].slug", 80)
        name = _text(item.get("name"), f"{where}[{position}].name", 120) or slug
        if not name:
            raise Invalid(f"{where}[{position}]: needs a name or a slug")
        # Unknown values stay, as labels: only known slugs feed the facets.
        items.append({"slug": known.get(slug, ""), "name": name})
    return items


def known_slugs() -> dict[str, dict[str, str]]:
    """{taxonomy: {slug: slug as spelt here}}: a site on an older version may still send
    a value's former slug."""
    from plugins.practice_library.models import Audience, Challenge, Mechanism, Theme

    return {name: {slug: item.slug for item in model.objects.all()
                   for slug in (*item.former_slugs, item.slug)}
            for name, model in zip(TAXONOMY_NAMES, (Challenge, Mechanism, Theme, Audience),
                                   strict=True)}


def clean_article(article, origin: str, known: dict[str, dict[str, str]]) -> dict:
    """The RemoteSheet fields of an Article sent by the instance at ``origin``."""
    from core.models import ParticipationLevel, Region, TerritoryKind
    from plugins.practice_library.models import SECTIONS, Licence, Recruitment, SheetStatus

    article = _object(article, "object", required=True)
    if article.get("type") != "Article":
        raise Invalid("object.type: must be Article")
    remote_id = check_address(article.get("id"), "object.id", origin)
    url = check_address(article.get("url"), "object.url", origin)
    title = _text(article.get("name"), "object.name", MAX_TITLE, required=True)
    key_points = [_text(p, f"keyPoints[{i}]", 300) for i, p in
                  enumerate(_list(article.get("keyPoints"), "keyPoints", 3), 1)]
    territory = _object(article.get("territory"), "territory", required=True)
    kind = _text(territory.get("kind"), "territory.kind", 20)
    region = _text(territory.get("region"), "territory.region", 40)
    insee = _text(territory.get("inseeCode"), "territory.inseeCode", 9)
    if insee and not insee.isalnum():
        raise Invalid("territory.inseeCode: letters and digits only")
    licence = _object(article.get("licence"), "licence", required=True)
    data = {
        "key_points": [p for p in key_points if p],
        "territory": {
            "name": _text(territory.get("name"), "territory.name", 200, required=True),
            "insee_code": insee,
            "kind": _choice(kind, "territory.kind", TerritoryKind.values),
            "region": _choice(region, "territory.region", Region.values),
            "departement": _text(territory.get("departement"), "territory.departement", 100),
            "population": _integer(territory.get("population"), "territory.population"),
        },
        "participation_level": _choice(article.get("participationLevel"),
                                       "participationLevel", ParticipationLevel.values),
        "recruitment": _choice(article.get("recruitment"), "recruitment",
                               Recruitment.values),
        "status": _choice(article.get("status"), "status", SheetStatus.values),
        "volunteers_count": _integer(article.get("volunteers"), "volunteers"),
        "drawn_count": _integer(article.get("drawnByLot"), "drawnByLot"),
        "participants_count": _integer(article.get("participants"), "participants"),
        "start_date": _date(article.get("startDate"), "startDate"),
        "end_date": _date(article.get("endDate"), "endDate"),
        "staff_time": _text(article.get("staffTime"), "staffTime", 200),
        "programme": _text(article.get("programme"), "programme", 200),
        "contributors": [_text(n, f"contributors[{i}]", 200) for i, n in
                         enumerate(_list(article.get("contributors"), "contributors"), 1)],
    }
    for name in TAXONOMY_NAMES:
        data[name] = _taxonomy(article.get(name), name, known.get(name, {}))
    cost = article.get("totalCost")
    if cost is not None:
        try:
            amount = Decimal(_text(cost, "totalCost", 20))
        except InvalidOperation:
            raise Invalid("totalCost: must be an amount written 12345.67") from None
        if not amount.is_finite() or amount < 0 or amount >= 10**10:
            raise Invalid("totalCost: must be an amount between 0 and 9 999 999 999.99")
        data["total_cost"] = str(amount.quantize(Decimal("0.01")))
    headings = dict(SECTIONS)
    sections = []
    for position, section in enumerate(_list(article.get("sections"), "sections",
                                             len(SECTIONS)), 1):
        section = _object(section, f"sections[{position}]", required=True)
        name = _choice(section.get("name"), f"sections[{position}].name", list(headings))
        content = _text(section.get("content"), f"sections[{position}].content", MAX_HTML)
        html = clean_rich_text(content, internal_references=False)
        if name and html:
            sections.append({"name": name, "heading": str(headings[name]), "html": html})
    data["sections"] = sections
    data["milestones"] = []
    for position, milestone in enumerate(_list(article.get("milestones"), "milestones"), 1):
        milestone = _object(milestone, f"milestones[{position}]", required=True)
        data["milestones"].append({
            "date": _date(milestone.get("date"), f"milestones[{position}].date"),
            "label": _text(milestone.get("label"), f"milestones[{position}].label", 255,
                           required=True)})
    data["links"] = []
    for position, link in enumerate(_list(article.get("links"), "links"), 1):
        link = _object(link, f"links[{position}]", required=True)
        data["links"].append({
            "name": _text(link.get("name"), f"links[{position}].name", 255, required=True),
            "url": web_address(link.get("url"), f"links[{position}].url")})
    contact = _object(article.get("contact"), "contact")
    if contact:
        _email(contact.get("email"))  # checked, not kept: it stays on the original site
        data["contact"] = {
            "name": _text(contact.get("name"), "contact.name", 200, required=True),
            "role": _text(contact.get("role"), "contact.role", 200)}
    return {
        "remote_id": remote_id, "url": url, "title": title,
        "licence": _choice(licence.get("id"), "licence.id", Licence.values) or _missing(
            "licence.id"),
        "adapted_from_url": web_address(article.get("adaptedFrom"), "adaptedFrom"),
        "published": _datetime(article.get("published"), "published"),
        "updated": _datetime(article.get("updated"), "updated"),
        "data": data,
    }


def _missing(where):
    raise Invalid(f"{where}: required")


def _email(value) -> str:
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    email = _text(value, "contact.email", 254)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise Invalid("contact.email: not an email address") from None
    return email


def clean_actor(document, address: str) -> dict:
    """The Subscription fields of an instance's actor document fetched from ``address``."""
    document = _object(document, "actor", required=True)
    if document.get("type") not in ("Organization", "Application", "Service", "Group"):
        raise Invalid("actor.type: must be Organization")
    actor_id = check_address(document.get("id"), "actor.id", "")
    origin = origin_of_url(actor_id)
    icon = _object(document.get("icon"), "actor.icon")
    return {
        "actor_id": actor_id,
        "outbox_url": check_address(document.get("outbox"), "actor.outbox", origin),
        "name": _text(document.get("name"), "actor.name", 200, required=True),
        "summary": _text(document.get("summary"), "actor.summary", 1000),
        "site_url": check_address(document.get("url"), "actor.url", origin, required=False),
        "logo_url": web_address(icon.get("url"), "actor.icon.url") if icon else "",
    }
