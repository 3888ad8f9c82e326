"""Text as the search engines index and show it: rich text flattened with its blocks kept
apart, and excerpts cut between words."""

from __future__ import annotations

import html
import re

ELLIPSIS = "…"

# Elements whose end is a break in the text: "<li>budget primitif</li><li>Distinguer"
# must not become "budget primitifDistinguer".
_BLOCK = re.compile(
    r"<\s*(?:br|hr)\b[^>]*>|<\s*/?\s*(?:p|div|li|ul|ol|dl|dt|dd|h[1-6]|blockquote|pre|"
    r"table|thead|tbody|tr|td|th|section|article|figure|figcaption|embed)\b[^>]*>",
    re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"[^\S\n]+")


def plain_text(rich_text) -> str:
    """``rich_text`` (HTML) as plain text: one line per block (paragraph, list item,
    heading, line break), entities decoded, spaces collapsed."""
    if not rich_text:
        return ""
    text = _BLOCK.sub("\n", str(rich_text))
    text = html.unescape(_TAG.sub("", text))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def word_start(text: str, position: int, limit: int | None = None) -> int:
    """``position`` moved forward to the start of a word (never past ``limit``)."""
    if position <= 0:
        return 0
    if text[position - 1].isspace():
        return position
    end = len(text) if limit is None else limit
    for index in range(position, end):
        if text[index].isspace():
            return index + 1
    return position if limit is None else min(position, limit)


def word_end(text: str, position: int, floor: int = 0) -> int:
    """``position`` moved back to the end of a word (never before ``floor``)."""
    if position >= len(text):
        return len(text)
    if text[position].isspace():
        return position
    for index in range(position - 1, floor - 1, -1):
        if text[index].isspace():
            return index
    return position


def excerpt(text: str, length: int = 160) -> str:
    """The beginning of ``text``, at most ``length`` characters cut between two words, with
    an ellipsis when something was left out."""
    text = (text or "").strip()
    if len(text) <= length:
        return text
    end = word_end(text, length)
    if end >= length and not text[length].isspace():  # one word longer than the excerpt
        end = length
    return text[:end].rstrip(" \n,;:") + " " + ELLIPSIS
