"""Which cached pages a change makes stale, and purging them (anonymous page cache and CDN).

A story appears on its own page, the story index (every filter and page number), its
authors' hero pages and the site-wide lists in `STORYWERK_PAGE_CACHE_STORY_PATHS` (home,
most-read, feeds, sitemap). Receivers are connected in `StoriesConfig.ready()`.
"""

import contextlib
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import IntegerField, Q
from django.db.models.functions import Cast
from django.urls import NoReverseMatch, reverse
from wagtail.models import Page, Site

from authors.models import AuthorProfile
from cms.page_cache import purge_paths
from stories.models import MostReadSettings, StoryPage

logger = logging.getLogger("storywerk.pagecache")


def _relative_url(url_path):
    """The public path of a page's `url_path` (e.g. /home/stories/x/ -> /stories/x/)."""
    for site in Site.get_site_root_paths():
        if url_path.startswith(site.root_path):
            return "/" + url_path[len(site.root_path) :]
    return None


def story_related_paths(story):
    paths = set(getattr(settings, "STORYWERK_PAGE_CACHE_STORY_PATHS", ()))
    profiles = list(AuthorProfile.objects.filter(user_id=story.owner_id)) if story.owner_id else []
    profiles += [co.profile for co in story.co_authors.select_related("profile")]
    for profile in profiles:
        url = profile.get_absolute_url()
        if url:
            paths.add(url)
        for name in ("author_stories_feed", "author_stories_feed_atom"):
            with contextlib.suppress(NoReverseMatch):  # feeds not installed
                paths.add(reverse(name, args=[profile.slug]))
    return paths


def paths_for_page(page, url_paths=()):
    """The page's own URL(s), its parent's, and for a story every page that lists it."""
    paths = {_relative_url(url_path) for url_path in (page.url_path, *url_paths)}
    parent = page.get_parent()
    if parent is not None and parent.depth > 1:
        paths.add(_relative_url(parent.url_path))
    # The sitemap lists every public page, not only stories.
    paths |= {"/sitemap.xml", "/sitemap-wagtail.xml"}
    specific = page.specific_deferred
    if isinstance(specific, StoryPage):
        paths |= story_related_paths(specific)
    return {path for path in paths if path}


def purge(paths):
    """Purge now and, should the change still be in a transaction, again after its commit.

    Purging after commit alone would leave a window in which another server re-caches the old
    content before the commit; purging only before commit would let a reader re-cache the old
    version between purge and commit.
    """
    purge_paths(paths)
    transaction.on_commit(lambda: _purge_everywhere(paths))


def _purge_everywhere(paths):
    purge_paths(paths)
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

        site = Site.objects.filter(is_default_site=True).first()
        if site is not None:
            root = site.root_url.rstrip("/")
            try:
                purge_urls_from_cache([root + path for path in sorted(paths)])
            except Exception:  # a CDN outage must never break publishing
                logger.exception("frontend cache purge failed")


def page_changed(sender, instance, **kwargs):
    """page_published / page_unpublished / pre_delete of any page."""
    if isinstance(instance, Page) and instance.depth and instance.depth > 1:
        purge(paths_for_page(instance))


def page_moved(sender, instance, url_path_before=None, url_path_after=None, **kwargs):
    page = Page.objects.filter(pk=instance.pk).first() or instance
    purge(paths_for_page(page, [p for p in (url_path_before, url_path_after) if p]))


def profile_changed(sender, instance, **kwargs):
    """A byline or a consent changed (name, visibility, leaderboard opt-out): every cached page
    that may show the person is stale at once: their hero page, the directory, most-read, and
    each of their stories with the pages that list it (index, home, feeds)."""
    paths = set(getattr(settings, "STORYWERK_PAGE_CACHE_STORY_PATHS", ())) | {"/most-read/"}
    url = instance.get_absolute_url()
    if url:
        paths |= {url, url.rsplit("/", 2)[0] + "/"}
    for name in ("author_stories_feed", "author_stories_feed_atom"):
        with contextlib.suppress(NoReverseMatch):  # feeds not installed
            paths.add(reverse(name, args=[instance.slug]))
    # A coach's name or credit opt-out shows on the stories they coached ("Coached by"): read
    # with their own stories in the same query (a subquery).
    from stories.pipeline.board import coach_approvals

    coached = coach_approvals(coach=instance.user_id).annotate(
        story_id=Cast("workflow_state__object_id", IntegerField())
    )
    stories = StoryPage.objects.filter(
        Q(pk__in=StoryPage.objects.by_author(instance).values("pk"))
        | Q(pk__in=coached.values("story_id"))
    ).values_list("url_path", flat=True)
    for url_path in stories:
        paths.add(_relative_url(url_path))
        paths.add(_relative_url(url_path.rstrip("/").rsplit("/", 1)[0] + "/"))
    purge({path for path in paths if path})


def most_read_settings_changed(sender, instance, created=False, **kwargs):
    """The leaderboard switch: /most-read/ names people or not from the next request on."""
    if not created:  # the first page view creates the row with the defaults it already shows
        purge({"/most-read/"})


def readership_flushed(sender, **kwargs):
    """New figures: the most-read page (and other figure pages) must show them."""
    purge({"/most-read/"})


def connect():
    """Connect the purge receivers (from StoriesConfig.ready())."""
    from django.db.models.signals import post_save, pre_delete
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from stories.signals import readership_flushed as flushed

    page_published.connect(page_changed, dispatch_uid="page_cache_published")
    page_unpublished.connect(page_changed, dispatch_uid="page_cache_unpublished")
    pre_delete.connect(page_changed, dispatch_uid="page_cache_deleted")
    post_page_move.connect(page_moved, dispatch_uid="page_cache_moved")
    post_save.connect(profile_changed, sender=AuthorProfile, dispatch_uid="page_cache_profile")
    flushed.connect(readership_flushed, dispatch_uid="page_cache_readership_flushed")
    post_save.connect(
        most_read_settings_changed, sender=MostReadSettings, dispatch_uid="page_cache_most_read"
    )
