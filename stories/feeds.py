"""RSS and Atom feeds of public live stories: per language, and per storyteller.

Feeds are public documents fetched without a login, so they hold public live stories only,
and a per-author feed exists only for a public profile. Who an item names is decided by
authors.credits, as on the story page and in its JSON-LD: each named author is a separate
`dc:creator` (RSS) or `<author>` (Atom), with the profile URL where the profile is public.
Items carry the full story (`content:encoded` / Atom `content`) and the hero image as an
enclosure. `/stories/feed/` holds the German stories, `/en/stories/feed/` the English ones.
"""

import re

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from wagtail.images.views.serve import generate_image_url

from authors.credits import public_credits
from authors.models import AuthorProfile, ProfileVisibility
from cms.plain_text import xml_safe
from cms.public_address import absolute_url, site_root_url
from stories.models import Audience, StoryCoAuthor, StoryPage

FEED_LENGTH = 30
# The hero image as feed readers get it: one size, always JPEG. Served through Wagtail's
# signed image URL, which makes the rendition on first fetch: no query while the feed renders.
ENCLOSURE_FILTER = "fill-1200x630|format-jpeg"
# Site-relative src/href in the story's HTML, made absolute for feed readers.
_RELATIVE_URL = re.compile(r'(\s(?:src|href)=")/(?!/)')


def _xml_safe_deep(value):
    if isinstance(value, dict):
        return {key: _xml_safe_deep(v) for key, v in value.items()}
    if isinstance(value, list | tuple):
        return [_xml_safe_deep(v) for v in value]
    return xml_safe(value)


def _xml_safe_values(values):
    return {key: _xml_safe_deep(value) for key, value in values.items()}


class XmlSafeFeedMixin:
    """Drops characters XML 1.0 cannot carry from every feed and item value.

    Why: one control character in a title (saved before input refused them, or by a route
    that skips the forms) made Django's feed writer raise, so every feed answered 500.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*(xml_safe(arg) for arg in args), **_xml_safe_values(kwargs))

    def add_item(self, *args, **kwargs):
        super().add_item(*(xml_safe(arg) for arg in args), **_xml_safe_values(kwargs))


def public_stories():
    """Public live stories, newest first, with bylines and hero image in a fixed number of
    queries however many are listed."""
    return (
        StoryPage.objects.live()
        .filter(audience=Audience.PUBLIC)
        .select_related("owner__author_profile__user", "department", "hero_image")
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


def feed_credits(story):
    """The story's publicly named authors, from the prefetched byline (no query)."""
    profiles = []
    lead = getattr(story.owner, "author_profile", None) if story.owner else None
    if lead is not None:
        profiles.append(lead)
    profiles.extend(c.profile for c in story.co_authors.all() if c.profile not in profiles)
    return public_credits(profiles)


class StoryRssFeed(XmlSafeFeedMixin, Rss201rev2Feed):
    """RSS 2.0 with Dublin Core creators, full content and Media RSS."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:dc": "http://purl.org/dc/elements/1.1/",
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
            "xmlns:media": "http://search.yahoo.com/mrss/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for author in item["authors"]:
            handler.addQuickElement("dc:creator", author["name"])
        handler.addQuickElement("dc:language", item["language"])
        handler.addQuickElement("content:encoded", item["content"])
        if item["image"]:
            handler.addQuickElement(
                "media:content",
                "",
                {"url": item["image"], "medium": "image", "type": "image/jpeg"},
            )


class StoryAtomFeed(XmlSafeFeedMixin, Atom1Feed):
    """Atom with one <author> per named author, the full content and xml:lang per entry."""

    def item_attributes(self, item):
        return {"xml:lang": item["language"]}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for author in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", author["name"])
            if author["url"]:
                handler.addQuickElement("uri", author["url"])
            handler.endElement("author")
        handler.addQuickElement("content", item["content"], {"type": "html"})


class PublicStoriesFeed(Feed):
    """/stories/feed/ (German stories), /en/stories/feed/ (English stories)."""

    feed_type = StoryRssFeed
    url_name = "stories_feed"
    title = _("Storywerk: stories")
    description = _("Stories told by the people who live them.")

    def get_object(self, request, *args, **kwargs):
        return None

    def link(self):
        return absolute_url(reverse("wagtail_serve", args=["stories/"]))

    def feed_url(self, obj):
        args = [obj.slug] if obj is not None else []
        return absolute_url(reverse(self.url_name, args=args))

    def items(self):
        language = translation.get_language()
        return public_stories().filter(content_language=language)[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # RSS descriptions and Atom html summaries are read as HTML: the plain-text teaser is
        # escaped for that, so "<script>" in a teaser shows as text in every feed reader.
        return escape(item.teaser)

    def item_link(self, item):
        # Without an item_guid, Django's Feed uses this link as the guid too.
        return item.full_url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [item.department.name] if item.department else []

    def item_enclosures(self, item):
        url = self._image_url(item)
        # The size is unknown until the rendition exists; RSS readers accept 0.
        return [Enclosure(url, "0", "image/jpeg")] if url else []

    def item_extra_kwargs(self, item):
        return {
            "authors": [
                {"name": c.name, "url": absolute_url(c.url) if c.url else None}
                for c in feed_credits(item)
            ],
            "language": item.content_language,
            "content": story_html(item),
            "image": self._image_url(item),
        }

    def _image_url(self, item):
        if item.hero_image is None:
            return None
        return absolute_url(generate_image_url(item.hero_image, ENCLOSURE_FILTER))


class PublicStoriesAtomFeed(PublicStoriesFeed):
    feed_type = StoryAtomFeed
    url_name = "stories_feed_atom"
    subtitle = PublicStoriesFeed.description


def story_html(story):
    """The story's body as standalone HTML: every site-relative link and image absolute."""
    return _RELATIVE_URL.sub(rf"\1{site_root_url()}/", str(story.body))


class AuthorStoriesFeed(PublicStoriesFeed):
    """/stories/feed/authors/<slug>/: one storyteller's public stories (public profiles only),
    in both languages (each entry says its own)."""

    url_name = "author_stories_feed"

    def get_object(self, request, slug):
        profile = get_object_or_404(AuthorProfile.objects.select_related("user"), slug=slug)
        if profile.profile_visibility != ProfileVisibility.PUBLIC or not profile.user.is_active:
            raise Http404
        return profile

    def title(self, profile):
        return _("Storywerk: stories by %(name)s") % {"name": profile.display_name}

    def link(self, profile):
        return absolute_url(profile.get_absolute_url() or "/authors/")

    def items(self, profile):
        return public_stories().by_author(profile)[:FEED_LENGTH]


class AuthorStoriesAtomFeed(AuthorStoriesFeed):
    feed_type = StoryAtomFeed
    url_name = "author_stories_feed_atom"
    subtitle = PublicStoriesFeed.description
