"""Uploads are judged by what they contain, not by their name.

A file's kind is read from its first bytes (``filetype``, already used by Wagtail's
image library) and must match its extension; text formats must be text (UTF-8, no NUL,
no markup). Every document upload — the admin's document library (through
WAGTAILDOCS_DOCUMENT_FORM_BASE), the trainers' session materials, the practice sheets'
attachments — goes through ``validate_document``.
"""

import os

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

# extension → the kinds its content may be (filetype's extension names)
DOCUMENT_KINDS = {
    "pdf": {"pdf"}, "odt": {"odt"}, "ods": {"ods"}, "odp": {"odp"}, "docx": {"docx"},
    "xlsx": {"xlsx"}, "pptx": {"pptx"}, "csv": {"text"}, "txt": {"text"},
}
HEAD_BYTES = 8192
_MARKUP = (b"<html", b"<!doctype", b"<script", b"<svg", b"<?xml", b"<body", b"<iframe")


def max_upload_bytes() -> int:
    return getattr(settings, "ESSAIM_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)


def _content_kind(head: bytes) -> str | None:
    kind = filetype.guess(head)
    if kind is not None:
        return kind.extension
    if b"\x00" in head:
        return None
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not only a character cut at the end of the sample
            return None
        text = head[:exc.start].decode("utf-8")
    if any(marker in text.lower().encode() for marker in _MARKUP):
        return None
    return "text"


def validate_document(uploaded, allowed=None):
    """Raise ValidationError unless ``uploaded`` is an allowed kind whose content matches
    its name and is not too large. ``allowed``: extensions (default: WAGTAILDOCS_EXTENSIONS)."""
    allowed = set(allowed or settings.WAGTAILDOCS_EXTENSIONS)
    name = getattr(uploaded, "name", "") or ""
    extension = os.path.splitext(name)[1].lower().lstrip(".")
    if extension not in allowed or extension not in DOCUMENT_KINDS:
        raise ValidationError(_("This kind of file is not accepted (accepted: %(kinds)s).")
                              % {"kinds": ", ".join(sorted(allowed & set(DOCUMENT_KINDS)))},
                              code="extension")
    size = getattr(uploaded, "size", None)
    if size is not None and size > max_upload_bytes():
        raise ValidationError(_("The file is too large (%(limit)s MB at most).")
                              % {"limit": max_upload_bytes() // (1024 * 1024)}, code="size")
    position = uploaded.tell() if hasattr(uploaded, "tell") else None
    uploaded.seek(0)
    head = uploaded.read(HEAD_BYTES)
    uploaded.seek(position or 0)
    if isinstance(head, str):
        head = head.encode()
    if _content_kind(head) not in DOCUMENT_KINDS[extension]:
        raise ValidationError(_("The content of this file is not a .%(extension)s file.")
                              % {"extension": extension}, code="content")


class ValidatedDocumentForm(BaseDocumentForm):
    """Wagtail's document form (admin library, multiple upload), checking the content."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and "file" in self.changed_data:
            validate_document(uploaded)
        return uploaded


class DocumentField(forms.FileField):
    """A file field for the site's own forms, with the same content checks."""

    def __init__(self, *args, allowed=None, **kwargs):
        self.allowed = allowed
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if uploaded:
            validate_document(uploaded, self.allowed)
        return uploaded
