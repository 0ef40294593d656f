"""A fixed-window rate limiter on Django's cache (Redis when REDIS_URL is set).

Why not a package: django-ratelimit keys on the raw IP; readers' privacy forbids storing it,
so callers pass an already-hashed key (see `hashed_key`).
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache


def hashed_key(*parts):
    """A non-reversible key from identifying parts (IP, user agent...), salted per deployment."""
    material = "|".join(str(part) for part in parts)
    return hashlib.blake2b(
        material.encode(), key=settings.SECRET_KEY.encode()[:64], digest_size=16
    ).hexdigest()


def hit(scope, key, *, limit, window=60):
    """Count one hit for `key` in `scope`; return True while within `limit` per `window` s."""
    bucket = int(time.time() // window)
    cache_key = f"storywerk:rl:{scope}:{key}:{bucket}"
    # add() is atomic; incr() is atomic on Redis and per-process on local memory.
    if cache.add(cache_key, 1, timeout=window + 1):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.add(cache_key, 1, timeout=window + 1)
        return True
    return count <= limit
