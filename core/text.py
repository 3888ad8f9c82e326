"""Text hygiene shared by every input path (forms, query strings, imports, federation).

Control characters (NUL, vertical tab…) have no place in what people type; a
single one stored in a sheet used to break the Atom feed for everyone (XML 1.0
cannot carry them) and NUL is refused by PostgreSQL. Tab, line feed and
carriage return stay.
"""

import re

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def strip_control_characters(value):
    """``value`` without control characters (non-strings are returned unchanged)."""
    if isinstance(value, str):
        return CONTROL_CHARACTERS.sub("", value)
    return value


def has_control_characters(value) -> bool:
    return isinstance(value, str) and bool(CONTROL_CHARACTERS.search(value))


def clean_query_dict(query_dict):
    """A mutable copy of a QueryDict with every value cleaned, or the original if clean."""
    if not any(has_control_characters(key) or has_control_characters(value)
               for key, values in query_dict.lists() for value in values):
        return query_dict
    cleaned = query_dict.copy()
    cleaned.clear()
    for key, values in query_dict.lists():
        cleaned.setlist(strip_control_characters(key),
                        [strip_control_characters(value) for value in values])
    cleaned._mutable = False
    return cleaned
