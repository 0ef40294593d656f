"""The end of a story: who told it, more from them, more on its topic.

What a reader finds after the last paragraph instead of a dead end: a short box about the
lead storyteller (as publicly named: authors.credits), then up to three more stories by them
and up to three more on the story's first topic, under the same audience rules as every
listing (`listable_for`). The lists cost a fixed number of queries however many cards they
show; the template caches the rendered block per story, audience and language, and every
publish, unpublish, move or profile change starts a new generation of those entries.
"""

from django.core.cache import cache
from django.utils.functional import cached_property

from stories.models import StoryPage, is_employee

RELATED_COUNT = 3
CACHE_SECONDS = 600
GENERATION_KEY = "stories:end-generation"


def generation():
    """The current generation of cached story ends (part of their cache key)."""
    return cache.get_or_set(GENERATION_KEY, 1, timeout=None)


def forget_story_ends(**kwargs):
    """Receiver: stories or bylines changed, so every cached story end is stale."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, timeout=None)


class StoryEnd:
    """Lazy: nothing is read until the (uncached) template asks for it."""

    def __init__(self, story, user, byline, topics):
        self.story = story
        self.user = user
        self.byline = byline  # [(profile, linked for this reader)], publicly named only
        self.topic = topics[0] if topics else None

    @property
    def cache_key_parts(self):
        return [self.story.pk, "employee" if is_employee(self.user) else "public", generation()]

    @property
    def _lead_entry(self):
        # A team story whose lead was erased is presented by the colleague who still tells
        # it; a "Former colleague" box only where nobody else is named.
        for entry in self.byline:
            if not entry[0].is_erased:
                return entry
        return self.byline[0] if self.byline else None

    @property
    def lead(self):
        return self._lead_entry[0] if self.byline else None

    @property
    def lead_linked(self):
        return bool(self.byline and self._lead_entry[1])

    @cached_property
    def _lists(self):
        listable = (
            StoryPage.objects.listable_for(self.user)
            .exclude(pk=self.story.pk)
            .order_by("-first_published_at", "-pk")
        )
        by_lead = []
        # An erased author's stories stay (with consent) but are not gathered under one
        # "More from Former colleague" heading: that would link them back together.
        if self.lead is not None and not self.lead.is_erased:
            by_lead = list(
                listable.by_author(self.lead).values_list("pk", flat=True)[:RELATED_COUNT]
            )
        on_topic = []
        if self.topic is not None:
            on_topic = list(
                listable.filter(topics__slug=self.topic.slug)
                .exclude(pk__in=by_lead)
                .values_list("pk", flat=True)
                .distinct()[:RELATED_COUNT]
            )
        # One query (and one for the card images) for the cards of both lists.
        cards = StoryPage.objects.with_listing_relations().in_bulk([*by_lead, *on_topic])
        return (
            [cards[pk] for pk in by_lead if pk in cards],
            [cards[pk] for pk in on_topic if pk in cards],
        )

    @property
    def more_from_lead(self):
        return self._lists[0]

    @property
    def more_on_topic(self):
        return self._lists[1]
