"""Full-page cache for anonymous readers, answered before the session, auth and CSRF middleware.

Why not Django's `UpdateCacheMiddleware`/`FetchFromCacheMiddleware`: a hit still runs every
middleware above the fetch, and pages vary on `Cookie` (the session is touched to ask "who is
this?"), so each reader's cookie jar became its own cache entry; measured at 2-4x the uncached
page. This middleware sits first in `MIDDLEWARE` and answers a hit with two cache reads in one
round trip (no database query, no session load).

Rules (each one has a test):
- Only GET requests without a session cookie (logged-in readers always have one; the session
  is never loaded to find out), without an `Authorization` header, outside excluded prefixes
  (`/admin/` with previews, the counting endpoint, login, search, ...).
- Only 200 responses that set no cookie, did not use a CSRF token, are not streaming, carry no
  `private`/`no-store`/`no-cache`/`max-age=0` cache control, and whose page (if any) allows it
  (`cacheable_for_anonymous`: internal stories do not).
- `Vary: Cookie` is tolerated because the request carried no session cookie: what the session
  middleware adds it for (the reader's session) is then known to be empty.
- The key holds scheme, host, path, the query and the URL's language. Of the query only the
  parameters pages read (`STORYWERK_PAGE_CACHE_QUERY_PARAMS`: page numbers, filters) count,
  sorted; tracking parameters (`utm_*`, `fbclid`, our `src`, ...: `tracking_param`) are left
  out, so a campaign link is a hit on the page everyone gets; any other parameter, a repeated
  one or an odd value bypasses the cache (no lookup, no store), so made-up query strings can
  neither miss on purpose nor fill the cache. The readership beacon reads `src` from the
  browser's address bar, never from the HTML, so a cached page still counts its source.

Purging: each path has a generation token stored beside the entries; a hit must match it, so
purging a path (every query string and language of it) is one cache write, visible at once to
every app server sharing the cache (Redis).
"""

import hashlib
import logging
import re
import uuid
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse

from cms.middleware import home_redirect, language_variants, url_language

logger = logging.getLogger("storywerk.pagecache")

HIT_HEADER = "X-Page-Cache"
KEY_PREFIX = "pagecache:"
UNCACHEABLE_CONTROL = {"private", "no-store", "no-cache"}
CC_DELIM = re.compile(r"\s*,\s*")
# What a page number or a filter slug looks like; anything else is not worth a cache entry.
PLAIN_VALUE = re.compile(r"[\w-]{0,100}")


def _settings():
    return (
        getattr(settings, "STORYWERK_PAGE_CACHE_ENABLED", True),
        getattr(settings, "STORYWERK_PAGE_CACHE_SECONDS", 600),
        tuple(getattr(settings, "STORYWERK_PAGE_CACHE_EXCLUDE", ())),
    )


def _cache():
    return caches[getattr(settings, "STORYWERK_PAGE_CACHE_ALIAS", "default")]


def _digest(*parts):
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()


def generation_key(path):
    return f"{KEY_PREFIX}gen:{_digest(path)}"


def tracking_param(name):
    """Campaign and click ids and our share `src`: they never change what a page shows."""
    ignored = getattr(settings, "STORYWERK_PAGE_CACHE_TRACKING_PARAMS", ())
    return name.startswith("utm_") or name in ignored


def cache_query(query_string):
    """The query as the cache knows it, or None when the request must bypass the cache."""
    used = getattr(settings, "STORYWERK_PAGE_CACHE_QUERY_PARAMS", ())
    kept = {}
    for name, value in parse_qsl(query_string, keep_blank_values=True):
        if tracking_param(name):
            continue
        if name not in used or name in kept or not PLAIN_VALUE.fullmatch(value):
            return None
        kept[name] = value
    return urlencode(sorted(kept.items()))


def without_tracking(full_path):
    """`/x/?page=2&utm_source=y` -> `/x/?page=2`: links a page prints must not carry them."""
    path, _sep, query = full_path.partition("?")
    kept = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if not tracking_param(k)]
    return f"{path}?{urlencode(kept)}" if kept else path


def entry_key(request, path, language, query):
    return f"{KEY_PREFIX}page:" + _digest(request.scheme, request.get_host(), path, query, language)


def request_is_cacheable(request, excluded):
    if request.method != "GET":
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    if home_redirect(request) is not None:
        return False  # a visitor landing on `/` is sent to their language's home first
    return not request.path.startswith(excluded)


def response_is_cacheable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        # The page embeds this reader's CSRF token (a form): sharing it would break forms.
        return False
    if getattr(response, "page_cache_exempt", False):
        return False
    control = {
        part.split("=")[0].strip().lower()
        for part in CC_DELIM.split(response.get("Cache-Control", ""))
        if part
    }
    if control & UNCACHEABLE_CONTROL or "max-age=0" in response.get("Cache-Control", ""):
        return False
    page = (getattr(response, "context_data", None) or {}).get("page")
    return page is None or getattr(page, "cacheable_for_anonymous", True)


def purge_paths(paths):
    """Invalidate every cached variant (query string, language, host) of these paths."""
    # Each public page has one URL per language (i18n_patterns): purge them all.
    paths = {variant for path in paths if path for variant in language_variants(path)}
    if not paths:
        return
    _cache().set_many({generation_key(path): uuid.uuid4().hex for path in paths}, timeout=None)
    logger.debug("page cache purged: %s", sorted(paths))


def ensure_generation(cache, gen_key):
    """The path's generation token, made now if it has none (never purged, or evicted)."""
    cache.add(gen_key, uuid.uuid4().hex, timeout=None)
    return cache.get(gen_key)


class AnonymousPageCacheMiddleware:
    """Serve and store whole pages for anonymous readers (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        enabled, timeout, excluded = _settings()
        if not enabled or not request_is_cacheable(request, excluded):
            return self.get_response(request)
        query = cache_query(request.META.get("QUERY_STRING", ""))
        if query is None:
            return self.get_response(request)
        cache = _cache()
        path = request.path
        # The URL alone decides the language (cms/urls.py), not the browser's Accept-Language.
        language = url_language(request.path_info)
        key, gen_key = entry_key(request, path, language, query), generation_key(path)
        found = cache.get_many([key, gen_key])
        generation = found.get(gen_key)
        entry = found.get(key)
        if entry is not None and generation is not None and entry[0] == generation:
            status, headers, content = entry[1:]
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response.headers[name] = value
            response.headers[HIT_HEADER] = "hit"
            return response

        if generation is None:
            # A path never purged (or an evicted token) gets a fresh token, so entries stored
            # under an older one never come back. Taken before rendering: a purge while this
            # page renders then leaves the entry unreachable instead of stale.
            generation = ensure_generation(cache, gen_key)
        response = self.get_response(request)
        if generation is not None and response_is_cacheable(request, response):
            headers = [(name, value) for name, value in response.items() if name != HIT_HEADER]
            cache.set(key, (generation, response.status_code, headers, response.content), timeout)
            response.headers[HIT_HEADER] = "miss"
        return response
