"""Readership views: the counting endpoints, the public "What we count" page, admin pages."""

import base64

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from cms import ratelimit
from cms.client_address import client_ip
from stories.models import ReaderHash
from stories.readership import audience, permissions, recording, storage
from stories.readership.counting import (
    Beacon,
    countable_story,
    reader_keys,
    reading_day,
    request_exclusion,
    sources_of,
    src_from_page_url,
    story_exclusion,
)

# The classic transparent 1x1 GIF (43 bytes).
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
NOT_FOUND = "No such live story."


def _plain(message, status):
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _buffer_unavailable():
    """The Redis buffer is down: say so (503) rather than fail with a 500; nothing is stored."""
    response = _plain("Counting is paused for a moment; this view was not counted.", 503)
    response["Retry-After"] = "60"
    return response


def _accepted(pixel):
    if pixel:
        return HttpResponse(PIXEL, content_type="image/gif")
    return HttpResponse(status=204)


def _story_id(story_param):
    try:
        story_id = int(story_param)
    except (TypeError, ValueError):
        return None
    return story_id if 0 < story_id <= 2**31 - 1 else None


def _count(request, *, story_param, kind, src, referrer, pixel):
    """Shared by the beacon and the pixel: validate, exclude, rate-limit, cap, dedupe, record."""
    story_id = _story_id(story_param)
    if story_id is None:
        return _plain("The story parameter must be a story id.", 400)
    if kind not in ReaderHash.Kind.values:
        return _plain("The kind parameter must be 'view' or 'read'.", 400)
    if request_exclusion(request):
        return _accepted(pixel)
    day = reading_day()
    signed_in = request.user.is_authenticated
    # Salted with the day's salt: no raw address reaches the limiter, the tallies or Redis.
    keys = reader_keys(
        storage.salt_for(day),
        ip=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
        story_id=story_id,
        user_id=request.user.pk if signed_in else None,
    )
    source, repeat_source = sources_of(src, referrer, request)
    beacon = Beacon(story_id, day, kind, keys, source, repeat_source)
    ceiling = settings.STORYWERK_READERSHIP_DAILY_CEILING
    limit = settings.STORYWERK_READERSHIP_RATE_LIMIT
    client = storage.redis_client()
    if client is not None and not signed_in:
        # Anonymous readers are never staff nor authors: only the story's state matters, and
        # Redis has it, so the rate limit, the checks and the recording are one Lua call.
        try:
            result = recording.count_anonymous(
                client,
                beacon,
                ceiling=ceiling,
                limit=limit,
                window=60,
                load_story=lambda: countable_story(story_id),
            )
        except storage.BufferUnavailable:
            return _buffer_unavailable()
        return _answer(result, pixel)
    if not ratelimit.hit("readership", keys.limiter, limit=limit, window=60):
        return _answer("limited", pixel)
    story = countable_story(story_id)
    reason = "gone" if story is None else story_exclusion(request, story)
    if reason in ("gone", "not-visible"):
        return _answer("gone", pixel)
    if reason:
        return _accepted(pixel)
    try:
        result = recording.record(beacon, ceiling)
    except storage.BufferUnavailable:
        return _buffer_unavailable()
    if signed_in and result == "new" and kind == ReaderHash.Kind.VIEW:
        # A new daily reader: count their department and level (never who they are).
        audience.record(story_id, day, permissions.own_profile(request.user))
    return _accepted(pixel)


def _answer(result, pixel):
    if result == "limited":
        return _plain("Too many requests; try again in a minute.", 429)
    if result in ("gone", "internal", "not-visible"):
        # An internal story is answered like a missing one: not revealed to outsiders.
        return _plain(NOT_FOUND, 404)
    # Counted, or past the ceiling, or a read without a view: the same answer to the client.
    return _accepted(pixel)


@csrf_exempt
@require_POST
@never_cache
def beacon(request):
    """navigator.sendBeacon target: story, kind (view|read), src (?src= of the page), ref."""
    return _count(
        request,
        story_param=request.POST.get("story"),
        kind=request.POST.get("kind", "view"),
        src=request.POST.get("src"),
        referrer=request.POST.get("ref", ""),
        pixel=False,
    )


@csrf_exempt
@require_http_methods(["GET", "HEAD"])
@never_cache
def pixel(request):
    """The <noscript> fallback: a view only; the source comes from the page's own ?src=.

    The page's original referrer is unknown here (the pixel's Referer is the story itself),
    so a pixel view without ?src= counts as "direct".
    """
    return _count(
        request,
        story_param=request.GET.get("story"),
        kind=ReaderHash.Kind.VIEW,
        src=src_from_page_url(request.META.get("HTTP_REFERER", "")),
        referrer="",
        pixel=True,
    )


def what_we_count(request):
    """Public page: what readership counting stores and what it never stores."""
    return render(
        request,
        "stories/readership/what_we_count.html",
        {
            "read_seconds": settings.STORYWERK_READ_SECONDS,
            "time_zone": settings.TIME_ZONE,
            "retention_months": settings.STORYWERK_READERSHIP_RETENTION_MONTHS,
            "milestones": settings.STORYWERK_READERSHIP_MILESTONES,
            "ceiling": settings.STORYWERK_READERSHIP_DAILY_CEILING,
            "min_readers": audience.AUDIENCE_MIN_READERS,
        },
    )
