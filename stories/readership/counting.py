"""Deciding whether a beacon counts, from which source, and for which (hashed) reader.

Everything here works on the request only; the storage module does the writing.
"""

import datetime
import hashlib
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from crawlerdetect import CrawlerDetect
from django.conf import settings
from django.utils import timezone

from authors.roles import AGENCY_COACHES_GROUP, COACHES_GROUP, EDITORS_GROUP, group_names
from stories.models import Audience, ReadershipSource, StoryPage
from stories.readership.models import SHARE_SOURCES

# One detector per process: its compiled pattern list is shared, the UA lookups are cached.
_crawler_detect = CrawlerDetect()

SEARCH_HOSTS = (
    "google.",
    "bing.",
    "duckduckgo.",
    "ecosia.",
    "yahoo.",
    "qwant.",
    "startpage.",
    "baidu.",
    "yandex.",
    "search.brave.",
    "ask.com",
)
SOCIAL_HOSTS = (
    "linkedin.",
    "lnkd.in",
    "xing.",
    "x.com",
    "t.co",
    "twitter.",
    "facebook.",
    "fb.me",
    "instagram.",
    "reddit.",
    "threads.net",
    "mastodon.",
    "bsky.app",
    "youtube.",
    "whatsapp.",
)
# Headers browsers send with speculative loads (prefetch, prerender, link previews).
PREFETCH_HEADERS = ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ")


def reading_day(now=None):
    """Today's date in TIME_ZONE: the boundary of "daily" readers and of the salt."""
    now = now or timezone.now()
    return timezone.localtime(now, ZoneInfo(settings.TIME_ZONE)).date()


def _digest(salt, *parts):
    material = "|".join(str(part) for part in parts).encode()
    return hashlib.blake2b(material, key=salt.encode()[:64], digest_size=16).hexdigest()


def reader_digest(salt, ip, user_agent, story_id):
    """The salted reader hash: equal for the same reader and story on one day, never reversible
    once the salt is gone."""
    return _digest(salt, ip, user_agent, story_id)


@dataclass(frozen=True)
class ReaderKeys:
    """The three salted, daily-rotating digests a beacon is counted under.

    reader: who is a daily reader of this story (dedupe of readers and reads);
    tally: whose counted views of this story today the ceiling limits;
    limiter: whose beacons per minute the rate limit counts (across stories).
    """

    reader: str
    tally: str
    limiter: str


@dataclass(frozen=True)
class Beacon:
    """One beacon that passed validation and exclusions, ready to be recorded.

    `source` counts a reader's first view of the day (and a read); `repeat_source` a later view.
    """

    story_id: int
    day: datetime.date
    kind: str
    keys: ReaderKeys
    source: str
    repeat_source: str


def reader_keys(salt, *, ip, user_agent, story_id, user_id=None):
    """Signed-in readers are known by their account; anonymous ones by address (+ user agent).

    Why the address alone for the ceiling and the rate limit: the user agent is whatever the
    client says, so a key that includes it is reset by changing it.
    """
    if user_id is not None:
        return ReaderKeys(
            reader=_digest(salt, "account", user_id, story_id),
            tally=_digest(salt, "account-tally", user_id, story_id),
            limiter=_digest(salt, "account-rate", user_id),
        )
    return ReaderKeys(
        reader=reader_digest(salt, ip, user_agent, story_id),
        tally=_digest(salt, "address-tally", ip, story_id),
        limiter=_digest(salt, "address-rate", ip),
    )


def _host_matches(host, marker):
    """Whole-label match: "google." matches www.google.de, "t.co" matches t.co not t.com."""
    marker = marker if marker.endswith(".") else f"{marker}."
    return f".{marker}" in f".{host}."


def classify_referrer(referrer, request):
    """search, social, internal or direct, from the referrer's host (other: any other site)."""
    if not referrer:
        return ReadershipSource.DIRECT
    try:
        host = (urlsplit(referrer).hostname or "").lower()
    except ValueError:
        return ReadershipSource.OTHER
    if not host:
        return ReadershipSource.DIRECT
    own_hosts = {request.get_host().split(":")[0].lower()}
    own_hosts.update(h.lower() for h in settings.ALLOWED_HOSTS if h not in {"*", ""})
    if host in own_hosts:
        return ReadershipSource.INTERNAL
    if any(_host_matches(host, marker) for marker in SEARCH_HOSTS):
        return ReadershipSource.SEARCH
    if any(_host_matches(host, marker) for marker in SOCIAL_HOSTS):
        return ReadershipSource.SOCIAL
    return ReadershipSource.OTHER


def share_source(src):
    """A known share-link source, or None: an unknown ?src= value is ignored, not a bucket."""
    if not src:
        return None
    src = src.strip().lower()
    return src if src in SHARE_SOURCES else None


def sources_of(src, referrer, request):
    """(source of a reader's first view that day, source of their later views).

    A share link's ?src= cannot be verified, so it is believed once per reader and day (the
    arrival), not for every reload of the link; later views count by their referrer.
    """
    by_referrer = classify_referrer(referrer, request)
    return share_source(src) or by_referrer, by_referrer


def source_of(src, referrer, request):
    """The source a reader's first view of the day is counted in."""
    return sources_of(src, referrer, request)[0]


def src_from_page_url(page_url):
    """The ?src= of the story page URL (what the <noscript> pixel learns from its Referer)."""
    if not page_url:
        return None
    try:
        values = parse_qs(urlsplit(page_url).query).get("src")
    except ValueError:
        return None
    return values[0] if values else None


def _is_preview(request):
    """Wagtail previews live under /admin/: the beacon's Referer is the preview URL."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        path = urlsplit(referer).path
    except ValueError:
        return False
    return path.startswith("/admin/") or getattr(request, "is_preview", False)


def _is_staff(user):
    if user.is_superuser:
        return True
    return bool(group_names(user) & {COACHES_GROUP, AGENCY_COACHES_GROUP, EDITORS_GROUP})


def request_exclusion(request):
    """Why this request must not count, judged before any database query (or None)."""
    if request.method == "HEAD":
        return "head"
    user_agent = request.META.get("HTTP_USER_AGENT", "").strip()
    if not user_agent or _crawler_detect.is_crawler(user_agent):
        return "bot"
    for header in PREFETCH_HEADERS:
        value = request.META.get(header, "").lower()
        if "prefetch" in value or "prerender" in value or "preview" in value:
            return "prefetch"
    if _is_preview(request):
        return "preview"
    return None


def story_exclusion(request, story):
    """Why this reader's view of `story` must not count (or None).

    `story` is a dict with id, audience, owner_id (see `countable_story`). "not-visible" is
    answered like a missing story by the view, so internal stories are not revealed.
    """
    user = request.user
    logged_in = user.is_authenticated and user.is_active
    if story["audience"] != Audience.PUBLIC and not logged_in:
        return "not-visible"
    if logged_in:
        if _is_staff(user):
            return "staff"
        if (
            user.pk == story["owner_id"]
            or StoryPage.objects.filter(pk=story["id"], co_authors__profile__user=user).exists()
        ):
            return "own-story"
    return None


def countable_story(story_id):
    """The live story's id, audience and owner, or None (missing or not live)."""
    return (
        StoryPage.objects.filter(pk=story_id, live=True)
        .values("id", "audience", "owner_id")
        .first()
    )
