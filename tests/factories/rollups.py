import datetime

import factory
from django.utils import timezone

from stories.models import StoryDailyViews


class StoryDailyViewsFactory(factory.django.DjangoModelFactory):
    """A hand-built daily rollup row (default: today, direct, 10 views by 8 readers)."""

    story = None  # pass a StoryPage
    day = factory.LazyFunction(timezone.localdate)
    source = "direct"
    views = factory.LazyAttribute(lambda o: max(o.readers, 10))
    readers = 8
    reads = 0

    class Meta:
        model = StoryDailyViews


def add_readers(story, readers, *, days_ago=0, source="direct", today=None):
    """One rollup row of `readers` daily readers for `story`, `days_ago` days before today."""
    today = today or timezone.localdate()
    return StoryDailyViewsFactory(
        story=story,
        day=today - datetime.timedelta(days=days_ago),
        source=source,
        readers=readers,
        views=readers,
    )
