"""Fixed-window rate limits on the public forms (sign-ups, accounts, endorsements…),
kept in Django's cache (Redis in production, so shared by every web process)."""

import hashlib
import logging
import time

from django.core.cache import cache

from core.bookings import conf
from core.net import client_ip

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 3600


def _hit(key, limit):
    window = int(time.time() // WINDOW_SECONDS)
    key = f"bookings:rate:{key}:{window}"
    try:
        cache.add(key, 0, WINDOW_SECONDS)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.set(key, 1, WINDOW_SECONDS)
            count = 1
    except Exception:  # a cache backend that raises when its server is down
        count = None
    if count is None:  # the cache (Redis) is down: let people through, loudly
        logger.warning("Rate limit not counted: the cache is unreachable")
        return True
    return count <= limit


def allow(request, email=None, scope="signup"):
    """Count one attempt; False when the IP or the email address has used its quota."""
    allowed = _hit(f"{scope}:ip:{client_ip(request)}",
                   conf.get("ESSAIM_BOOKINGS_RATE_LIMIT_PER_IP"))
    if email:
        digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
        allowed = _hit(f"{scope}:email:{digest}",
                       conf.get("ESSAIM_BOOKINGS_RATE_LIMIT_PER_EMAIL")) and allowed
    return allowed
