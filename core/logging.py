"""Logs never hold a token or an email address.

Links sent by email carry signed tokens in their path or query string; Django logs the
path of every refused request ("Bad Request: /inscriptions/confirmer/<token>/"). The
filter below, on every handler, replaces what looks like a token and every address
before a line is written.
"""

import logging
import re

# A path segment or query value of 20 or more token characters, and email addresses.
TOKEN = re.compile(r"(?<=[/=])[A-Za-z0-9_\-:.]{20,}(?=[/?&#\s\"']|$)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A page's slug ("diner-de-la-rue-des-lilas", "budget-participatif-2027") is words and
# numbers between hyphens; a token mixes letters and digits within its parts.
SLUG = re.compile(r"(?:[a-z]+|[0-9]+)(?:-(?:[a-z]+|[0-9]+))*")
REDACTED = "[…]"


def _token(match):
    return match.group(0) if SLUG.fullmatch(match.group(0)) else REDACTED


def redact(text: str) -> str:
    return EMAIL.sub(REDACTED, TOKEN.sub(_token, text))


class RedactSecrets(logging.Filter):
    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it to the formatter
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True
