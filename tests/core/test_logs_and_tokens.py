"""Tokens reveal no personal data, and no log line holds a token or an address."""

import base64
import io
import json
import logging
import zlib
from datetime import timedelta

import pytest
from django.utils import timezone

from core.bookings import services
from core.bookings.models import Offering
from core.logging import RedactSecrets, redact
from core.net import client_ip

pytestmark = pytest.mark.django_db


def decoded_payload(token):
    """What anyone can read from a signed token (it is not encrypted)."""
    payload = token.split(":")[0]
    compressed = payload.startswith(".")
    raw = base64.urlsafe_b64decode(payload.lstrip(".") + "=" * (-len(payload) % 4))
    return json.loads(zlib.decompress(raw) if compressed else raw)


@pytest.fixture
def booking():
    start = timezone.now() + timedelta(days=3)
    offering = Offering.objects.create(title="Visite", starts_at=start, capacity=5,
                                       ends_at=start + timedelta(hours=1))
    return services.book(offering, name="Dan Dupont", email="dan@example.org", consent=True)


def test_signed_links_carry_no_address(booking):
    for token in (services.confirm_token(booking), services.manage_token(booking)):
        value = decoded_payload(token)
        assert value[0] == booking.pk and "dan" not in json.dumps(value)
        assert services.booking_from_token(
            services.MANAGE_PURPOSE if token == services.manage_token(booking)
            else services.CONFIRM_PURPOSE, token) == booking


def test_refused_links_are_logged_without_their_token(client, booking):
    handler = next(h for h in logging.getLogger().handlers
                   if any(isinstance(f, RedactSecrets) for f in h.filters))
    stream, saved = io.StringIO(), handler.stream
    handler.setStream(stream)
    try:
        token = services.manage_token(booking)
        assert client.get(f"/inscriptions/gerer/{token[:-3]}abc/").status_code == 400
    finally:
        handler.setStream(saved)
    logged = stream.getvalue()
    assert "/inscriptions/gerer/" in logged and token[:20] not in logged


@pytest.mark.parametrize(("line", "expected"), [
    ("Bad Request: /inscriptions/confirmer/WzIsImxlYUBleGFtcGxlLm9yZyJd:1xYX/",
     "Bad Request: /inscriptions/confirmer/[…]/"),
    ("Not Found: /chartes/x/soutenir/confirmer/?jeton=eyJhbGciOiJIUzI1NiJ9.abcdefgh",
     "Not Found: /chartes/x/soutenir/confirmer/?jeton=[…]"),
    ("sending to lea.dubois@example.org failed", "sending to […] failed"),
    ("GET /visites/ 200", "GET /visites/ 200"),
    # A page's slug is not a token: operators must still read which page was asked for.
    ("GET /diner-de-la-rue-des-lilas/ 200", "GET /diner-de-la-rue-des-lilas/ 200"),
    ("GET /pratiques/budget-participatif-2027-de-rennes/ 200",
     "GET /pratiques/budget-participatif-2027-de-rennes/ 200"),
    # Django's password-reset and verification tokens are lowercase too, but mixed.
    ("GET /compte/mot-de-passe/MQ/cb6k2q-4b0d1a2f3c6e7f8a9b0c1d2e3f/ 200",
     "GET /compte/mot-de-passe/MQ/[…]/ 200"),
])
def test_redaction(line, expected):
    assert redact(line) == expected


@pytest.mark.parametrize(("trusted", "remote", "forwarded", "expected"), [
    ([], "203.0.113.9", "198.51.100.1", "203.0.113.9"),  # no proxy trusted: never believed
    (["10.0.0.0/8"], "10.0.0.2", "198.51.100.1", "198.51.100.1"),
    (["10.0.0.0/8"], "10.0.0.2", "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # spoofed head
    (["10.0.0.0/8"], "10.0.0.2", "198.51.100.1, 10.0.0.3", "198.51.100.1"),
    (["10.0.0.0/8"], "203.0.113.9", "198.51.100.1", "203.0.113.9"),  # not from the proxy
    (["10.0.0.0/8"], "10.0.0.2", "not-an-ip", "10.0.0.2"),
])
def test_the_client_behind_trusted_proxies(rf, settings, trusted, remote, forwarded, expected):
    settings.ESSAIM_TRUSTED_PROXIES = trusted
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
