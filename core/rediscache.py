"""Several operations on the shared cache in one Redis round trip."""

from django.core.cache import caches


def pipeline():
    """``(backend, pipeline)`` on the default cache when it is Redis (django-redis), for
    commands on ``backend.make_and_validate_key(key)``; None for another backend. The
    pipeline raises when Redis is down: the caller decides what that means."""
    try:
        from django_redis import get_redis_connection
        from django_redis.cache import RedisCache
    except ImportError:  # pragma: no cover - django-redis is a dependency
        return None
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return None
    return backend, get_redis_connection("default").pipeline(transaction=False)
