"""Demo readership rollups so the dashboards look alive after `make run`."""

import datetime
import random

from stories.models import ReadershipSource, StoryDailyViews, StoryPage
from stories.readership.counting import reading_day

DEMO_SOURCES = [
    (ReadershipSource.INTERNAL, 5),
    (ReadershipSource.DIRECT, 3),
    (ReadershipSource.LINKEDIN, 2),
    (ReadershipSource.SEARCH, 2),
    (ReadershipSource.NEWSLETTER, 1),
    (ReadershipSource.INTRANET, 1),
]


def seed_demo_readership(days=90, today=None):
    """Deterministic figures per live story since it went live (at most `days` days).

    Idempotent: existing rows (real counts included) are never touched (ignore_conflicts).
    Yesterday is the newest demo day, so today's figures are all real.
    """
    today = today or reading_day()
    rows = []
    for story in StoryPage.objects.live().only("pk", "slug", "first_published_at"):
        rng = random.Random(story.slug)
        published = story.first_published_at.date() if story.first_published_at else today
        start = max(published, today - datetime.timedelta(days=days))
        popularity = rng.uniform(0.5, 3.0)
        day = start
        while day < today:
            age = (day - published).days
            base = popularity * 40 / (1 + age / 4)  # a launch peak, then a long tail
            for source, weight in DEMO_SOURCES:
                readers = int(base * weight / 14 * rng.uniform(0.6, 1.4))
                if readers <= 0:
                    continue
                views = readers + int(readers * rng.uniform(0.05, 0.4))
                reads = int(readers * rng.uniform(0.3, 0.7))
                rows.append(
                    StoryDailyViews(
                        story=story,
                        day=day,
                        source=source,
                        views=views,
                        readers=readers,
                        reads=reads,
                    )
                )
            day += datetime.timedelta(days=1)
    StoryDailyViews.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return len(rows)
