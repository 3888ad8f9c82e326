"""The one sanitiser of stored rich text (nh3, the Rust ``ammonia`` library).

Every path that stores rich text goes through ``clean_rich_text``: the
practice-sheet import, the contribution form, federation, and — as a last
line — the ``pre_save`` of every model with a Wagtail RichTextField (the admin
included). What it keeps is what Wagtail's editor produces: its block and
inline elements, links (Wagtail's internal ``linktype`` links included) and
its ``<embed>`` images and media; no script, no event handler, no
``javascript:`` URL, no style.
"""

import re

import nh3

from core.text import strip_control_characters

TAGS = {"p", "br", "h2", "h3", "h4", "h5", "h6", "b", "strong", "i", "em", "u", "s", "sup",
        "sub", "code", "blockquote", "ul", "ol", "li", "hr", "a", "embed"}
ATTRIBUTES = {
    "a": {"href", "linktype", "id"},
    "embed": {"embedtype", "id", "format", "alt", "url"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Wagtail's rewriters only recognise <embed …/> written self-closing.
_EMBED = re.compile(r"<embed(\b[^>]*?)\s*/?>")


# Rich text from elsewhere (another instance) cannot point into this site's pages and
# images: Wagtail's internal references (``linktype`` links, ``<embed>``) would resolve
# to whatever *this* site has under those ids.
FOREIGN_TAGS = TAGS - {"embed"}
FOREIGN_ATTRIBUTES = {"a": {"href"}}


def clean_rich_text(html, internal_references=True) -> str:
    """``html`` with only what Wagtail's rich text may hold; without
    ``internal_references``, with plain links only (HTML received from another site)."""
    if not html:
        return ""
    cleaned = nh3.clean(strip_control_characters(str(html)),
                        tags=TAGS if internal_references else FOREIGN_TAGS,
                        attributes=ATTRIBUTES if internal_references else FOREIGN_ATTRIBUTES,
                        url_schemes=URL_SCHEMES, link_rel=None, strip_comments=True)
    return _EMBED.sub(r"<embed\1/>", cleaned) if internal_references else cleaned


def clean_stored_text(sender, instance, raw=False, **kwargs):
    """pre_save receiver: rich text sanitised, control characters out of every text field."""
    if raw:  # loading fixtures: stored as serialised
        return
    rich, plain = _text_fields(sender)
    for field in rich:
        value = getattr(instance, field.attname)
        if value:
            setattr(instance, field.attname, clean_rich_text(value))
    for field in plain:
        value = getattr(instance, field.attname)
        if isinstance(value, str) and value:
            setattr(instance, field.attname, strip_control_characters(value))


def _text_fields(model):
    from django.db import models
    from wagtail.fields import RichTextField

    rich = [f for f in model._meta.concrete_fields if isinstance(f, RichTextField)]
    plain = [f for f in model._meta.concrete_fields
             if isinstance(f, models.CharField | models.TextField) and f not in rich]
    return rich, plain


def connect_text_cleaning(app_labels):
    """Clean what the models of ``app_labels`` store (Essaim's own apps and plugins'),
    and the rich text of any model."""
    from django.apps import apps
    from django.db.models.signals import pre_save

    for model in apps.get_models():
        rich, _plain = _text_fields(model)
        if rich or model._meta.app_label in app_labels:
            pre_save.connect(clean_stored_text, sender=model,
                             dispatch_uid=f"essaim.sanitize.{model._meta.label_lower}")
