"""RSS and Atom feeds of public live stories: all of them, and per storyteller.

Feeds are public documents fetched without a login, so they hold public live stories only,
a per-author feed exists only for a public profile, and an item names only the authors whose
profile is public (people who chose an internal or hidden profile are not syndicated).
"""

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from authors.models import AuthorProfile, ProfileVisibility
from cms.plain_text import xml_safe
from stories.models import Audience, StoryCoAuthor, StoryPage

FEED_LENGTH = 30


def _xml_safe_values(values):
    return {
        key: [xml_safe(v) for v in value] if isinstance(value, list | tuple) else xml_safe(value)
        for key, value in values.items()
    }


class XmlSafeFeedMixin:
    """Drops characters XML 1.0 cannot carry from every feed and item value.

    Why: one control character in a title (saved before input refused them, or by a route
    that skips the forms) made Django's feed writer raise, so every feed answered 500.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*(xml_safe(arg) for arg in args), **_xml_safe_values(kwargs))

    def add_item(self, *args, **kwargs):
        super().add_item(*(xml_safe(arg) for arg in args), **_xml_safe_values(kwargs))


class XmlSafeRssFeed(XmlSafeFeedMixin, Rss201rev2Feed):
    pass


class XmlSafeAtomFeed(XmlSafeFeedMixin, Atom1Feed):
    pass


def public_stories():
    """Public live stories, newest first, with byline relations in a fixed number of queries."""
    return (
        StoryPage.objects.live()
        .filter(audience=Audience.PUBLIC)
        # Feeds show no image: byline and department only, and never the large body.
        .select_related("owner__author_profile__user", "department")
        .defer("body")
        .prefetch_related(
            Prefetch(
                "co_authors",
                queryset=StoryCoAuthor.objects.select_related("profile__user").order_by(
                    "sort_order"
                ),
            )
        )
        .order_by("-first_published_at", "-pk")
    )


def _public_names(story):
    profiles = []
    lead = getattr(story.owner, "author_profile", None) if story.owner else None
    if lead is not None:
        profiles.append(lead)
    profiles.extend(c.profile for c in story.co_authors.all() if c.profile not in profiles)
    return [
        p.display_name
        for p in profiles
        if p.profile_visibility == ProfileVisibility.PUBLIC and p.user.is_active
    ]


class PublicStoriesFeed(Feed):
    """/stories/feed/: the latest public stories."""

    feed_type = XmlSafeRssFeed
    title = _("Storywerk: stories")
    description = _("Stories told by the people who live them.")
    link = "/stories/"

    def items(self):
        return public_stories()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # RSS descriptions and Atom html summaries are read as HTML: the plain-text teaser is
        # escaped for that, so "<script>" in a teaser shows as text in every feed reader.
        return escape(item.teaser)

    def item_link(self, item):
        # Asked for twice per item (link and guid): reverse the page URL once.
        if not hasattr(item, "_feed_url"):
            item._feed_url = item.full_url
        return item._feed_url

    def item_guid(self, item):
        return self.item_link(item)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return ", ".join(_public_names(item)) or None

    def item_categories(self, item):
        return [item.department.name] if item.department else []


class PublicStoriesAtomFeed(PublicStoriesFeed):
    feed_type = XmlSafeAtomFeed
    subtitle = PublicStoriesFeed.description


class AuthorStoriesFeed(PublicStoriesFeed):
    """/stories/feed/authors/<slug>/: one storyteller's public stories (public profiles only)."""

    def get_object(self, request, slug):
        profile = get_object_or_404(AuthorProfile.objects.select_related("user"), slug=slug)
        if profile.profile_visibility != ProfileVisibility.PUBLIC or not profile.user.is_active:
            raise Http404
        return profile

    def title(self, profile):
        return _("Storywerk: stories by %(name)s") % {"name": profile.display_name}

    def link(self, profile):
        return profile.get_absolute_url() or "/authors/"

    def items(self, profile):
        return public_stories().by_author(profile)[:FEED_LENGTH]


class AuthorStoriesAtomFeed(AuthorStoriesFeed):
    feed_type = XmlSafeAtomFeed
    subtitle = PublicStoriesFeed.description
