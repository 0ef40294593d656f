"""A fixed-window rate limiter on Django's cache (Redis when REDIS_URL is set).

Why not a package: django-ratelimit keys on the raw IP; readers' privacy forbids storing it,
so callers pass an already-hashed key (see `hashed_key`).
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

from cms.client_address import client_ip


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
    # None: the cache (Redis) is unreachable and ignored; the limit then lets requests through
    # rather than turn a cache outage into an outage of login and counting.
    return count is None or count <= limit


def client_key(request, scope):
    """The hashed rate-limit key of the client sending `request` (never the raw IP).

    The reader's address as the beacon sees it: behind the load balancer REMOTE_ADDR is the
    balancer, and keying on it would make every user share one limit.
    """
    return hashed_key(scope, client_ip(request))


def too_many_requests(request, retry_after):
    """The 429 page: a clear message, and when to try again."""
    from django.template.response import TemplateResponse

    response = TemplateResponse(
        request, "429.html", {"retry_after_minutes": max(1, retry_after // 60)}, status=429
    )
    response["Retry-After"] = str(retry_after)
    # Returned from a middleware, where no one else renders template responses.
    return response.render()


class RateLimitMiddleware:
    """Limit POSTs to the public forms listed in `STORYWERK_RATE_LIMITS`, per hashed client.

    Why a middleware: the login and password-reset views are Django's and Wagtail's own, so
    a path-based limit covers them without overriding their URLs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST":
            path = _without_language_prefix(request.path_info)
            for scope, prefix, limit, window in settings.STORYWERK_RATE_LIMITS:
                if path.startswith(prefix):
                    if not hit(scope, client_key(request, scope), limit=limit, window=window):
                        return too_many_requests(request, window)
                    break
        return self.get_response(request)


def _without_language_prefix(path):
    """`/en/login/` -> `/login/`: public forms live in every language (i18n_patterns)."""
    for code, _name in settings.LANGUAGES:
        if path.startswith(f"/{code}/"):
            return path[len(code) + 1 :]
    return path
