"""Signed, expiring tokens for links sent by email (confirmations, management links).

A token carries a small JSON-serialisable value (compressed, base64-encoded), is
signed with the project's SECRET_KEY and
a salt per purpose (a token made for one purpose is refused for any other), and
expires after ``max_age``. Reading a token never touches the database: callers
decide what the value means.

A token is signed, not encrypted: anyone holding it can decode its value. It carries
ids and ``email_digest`` (a keyed hash), never an address or a name.

    token = make_token("charters.endorsement", [endorsement.pk, email_digest(email)])
    value = read_token("charters.endorsement", token, max_age=timedelta(days=7))
"""

from __future__ import annotations

from datetime import timedelta

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _


class TokenError(Exception):
    """A token cannot be used; ``message`` is safe to show to the person."""

    message = _("This link is not valid.")

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class InvalidToken(TokenError):
    message = _("This link is not valid: it may have been copied incompletely or altered.")


class ExpiredToken(TokenError):
    message = _("This link has expired.")


def _signer(purpose: str) -> signing.TimestampSigner:
    if not purpose:
        raise ValueError("A token needs a purpose (used as the signing salt).")
    return signing.TimestampSigner(salt=f"essaim.tokens.{purpose}")


def email_digest(email: str) -> str:
    """A keyed hash of an address: ties a token to it without revealing it."""
    return salted_hmac("essaim.tokens.email", (email or "").strip().lower()).hexdigest()[:24]


def digest_matches(email: str, digest) -> bool:
    return isinstance(digest, str) and constant_time_compare(email_digest(email), digest)


def make_token(purpose: str, value) -> str:
    """Return a URL-safe token carrying ``value`` (JSON-serialisable) for ``purpose``."""
    return _signer(purpose).sign_object(value, compress=True)


def read_token(purpose: str, token: str, max_age: timedelta | int | float):
    """Return the value carried by ``token``; raise InvalidToken or ExpiredToken."""
    try:
        return _signer(purpose).unsign_object(token or "", max_age=max_age)
    except signing.SignatureExpired as exc:
        raise ExpiredToken() from exc
    except (signing.BadSignature, ValueError) as exc:  # ValueError: undecodable payload
        raise InvalidToken() from exc


def link_view(advice=None, back=None):
    """Decorate a view reached from a link in an email: a ``TokenError`` it raises
    becomes the one "link not valid" page (410 when expired, 400 otherwise), with the
    error's message, ``advice`` on how to get a new link, and a way ``back`` (a
    function of the view's arguments returning (label, url), or None)."""
    import functools

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except TokenError as error:
                from django.template.response import TemplateResponse

                expired = isinstance(error, ExpiredToken)
                return TemplateResponse(request, "core/link_error.html", {
                    "error": error.message, "expired": expired, "advice": advice,
                    "back": back(*args, **kwargs) if back else None},
                    status=410 if expired else 400)
        return wrapper
    return decorate
