"""Fixed-window rate limits on the public forms (sign-ups, accounts, endorsements…),
kept in Django's cache (Redis in production, so shared by every web process)."""

import hashlib
import logging
import time

from django.core.cache import cache

from core import rediscache
from core.bookings import conf
from core.net import client_ip

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 3600


def _redis_hits(keys):
    """Count one hit on each key in one round trip (Redis through django-redis), or None
    when the cache is another backend."""
    found = rediscache.pipeline()
    if found is None:
        return None
    backend, pipe = found
    for key in keys:
        name = backend.make_and_validate_key(key)
        pipe.set(name, 0, ex=WINDOW_SECONDS, nx=True)
        pipe.incr(name)
    return pipe.execute()[1::2]


def _window_key(key):
    return f"bookings:rate:{key}:{int(time.time() // WINDOW_SECONDS)}"


def _hits(keys):
    """The counts after one more hit on each key; None where the cache is unreachable."""
    try:
        counts = _redis_hits(keys)
    except Exception:  # Redis down: reported by the caller
        return [None] * len(keys)
    if counts is not None:
        return counts
    return [_count(key) for key in keys]


def _count(key):
    try:
        cache.add(key, 0, WINDOW_SECONDS)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.set(key, 1, WINDOW_SECONDS)
            count = 1
    except Exception:  # a cache backend that raises when its server is down
        count = None
    return count


def allow(request, email=None, scope="signup"):
    """Count one attempt; False when the IP or the email address has used its quota."""
    limits = {_window_key(f"{scope}:ip:{client_ip(request)}"):
              conf.get("ESSAIM_BOOKINGS_RATE_LIMIT_PER_IP")}
    if email:
        digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
        limits[_window_key(f"{scope}:email:{digest}")] = conf.get(
            "ESSAIM_BOOKINGS_RATE_LIMIT_PER_EMAIL")
    counts = _hits(list(limits))
    if None in counts:  # the cache (Redis) is down: let people through, loudly
        logger.warning("Rate limit not counted: the cache is unreachable")
        return True
    return all(count <= limit for count, limit in zip(counts, limits.values(), strict=True))
