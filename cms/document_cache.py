"""Sitemap and feeds rendered once and served from the shared cache until a publish renews them.

Why: these documents list every (or the latest) public story and are the same for every
reader, logged in or not, yet the anonymous page cache serves only requests without a session
cookie and can be switched off. Rendering them costs a query per section and work per listed
story; from the cache a request costs one cache read of two keys, whatever the number of
stories.

Renewal: an entry carries the page cache's generation token of its path
(`cms.page_cache.generation_key`). Every purge of that path (publish, unpublish, move, delete
of a page, a changed profile: stories/cache_purge.py) writes a new token, so the next request
renders afresh. The token lives in the default cache (Redis in production, the file cache
without it), so a publish on one process or server renews the document for all of them.
"""

import functools

from django.conf import settings
from django.http import HttpResponse

from cms.middleware import url_language
from cms.page_cache import _cache, _digest, cache_query, ensure_generation, generation_key

KEY_PREFIX = "doccache:"
HIT_HEADER = "X-Document-Cache"
# What a cached document keeps of the view's response (the middleware adds the rest).
KEPT_HEADERS = {"content-type", "last-modified", "x-robots-tag", "content-language"}


def _enabled():
    return getattr(settings, "STORYWERK_DOCUMENT_CACHE_ENABLED", True)


def _timeout():
    # A safety net only: renewal comes from the generation token.
    return getattr(settings, "STORYWERK_DOCUMENT_CACHE_SECONDS", 24 * 3600)


def document_key(request, query):
    language = url_language(request.path_info)
    parts = (request.scheme, request.get_host(), request.path, query, language)
    return KEY_PREFIX + _digest(*parts)


def cached_document(view):
    """Serve `view`'s 200 responses from the cache until its path is purged."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or not _enabled():
            return view(request, *args, **kwargs)
        query = cache_query(request.META.get("QUERY_STRING", ""))
        if query is None:  # parameters the document does not read: no entry for them
            return view(request, *args, **kwargs)
        cache = _cache()
        key, gen_key = document_key(request, query), generation_key(request.path)
        found = cache.get_many([key, gen_key])
        generation, entry = found.get(gen_key), found.get(key)
        if entry is not None and generation is not None and entry[0] == generation:
            response = HttpResponse(entry[2])
            for name, value in entry[1]:
                response.headers[name] = value
            response.headers[HIT_HEADER] = "hit"
            return response
        # Taken before rendering: a purge during the render leaves this entry unreachable.
        generation = generation or ensure_generation(cache, gen_key)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response = response.render()
        if generation is not None and response.status_code == 200 and not response.streaming:
            headers = [(k, v) for k, v in response.items() if k.lower() in KEPT_HEADERS]
            cache.set(key, (generation, headers, response.content), _timeout())
            response.headers[HIT_HEADER] = "miss"
        return response

    return wrapped


def cached_value(path, parts, build):
    """`build()`'s result, kept until `path` is purged (as a document at that path would be).

    For what a page computes the same for many readers, such as a search's ranked ids.
    """
    if not _enabled():
        return build()
    cache = _cache()
    key, gen_key = KEY_PREFIX + "value:" + _digest(path, *parts), generation_key(path)
    found = cache.get_many([key, gen_key])
    generation, entry = found.get(gen_key), found.get(key)
    if entry is not None and generation is not None and entry[0] == generation:
        return entry[1]
    generation = generation or ensure_generation(cache, gen_key)
    value = build()
    if generation is not None:
        cache.set(key, (generation, value), _timeout())
    return value
