"""Demo readership: plausible daily rollups for the demo stories, so /most-read/ is lively.

Deterministic (seeded per story) and idempotent: stories that already have rollups (real
counting, or an earlier run) are left alone.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from stories.models import StoryDailyViews, StoryPage
from stories.signals import readership_flushed

# (source, share of a day's readers)
DEMO_SOURCES = [
    ("direct", 0.35),
    ("internal", 0.2),
    ("search", 0.12),
    ("linkedin", 0.12),
    ("intranet", 0.08),
    ("newsletter", 0.06),
    ("xing", 0.04),
    ("email", 0.03),
]
DEMO_DAYS = 120


@transaction.atomic
def seed_demo_readership(today=None):
    """Create rollup rows for live stories without any; returns the number of rows created."""
    today = today or timezone.localdate()
    counted = set(StoryDailyViews.objects.values_list("story_id", flat=True).distinct())
    rows = []
    for story in StoryPage.objects.live().exclude(pk__in=counted).order_by("pk"):
        rng = random.Random(story.slug)  # noqa: S311 - demo figures, not security
        popularity = rng.uniform(4, 40)
        published = timezone.localdate(story.first_published_at or timezone.now())
        first_day = max(published, today - datetime.timedelta(days=DEMO_DAYS))
        day = first_day
        while day <= today:
            age = (day - published).days
            # A launch spike that fades into a long tail, with weekday/weekend rhythm.
            level = popularity * (3.0 / (1 + age / 4) + 0.35)
            if day.weekday() >= 5:
                level *= 0.4
            for source, share in DEMO_SOURCES:
                readers = int(rng.gauss(level * share, level * share / 3))
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
    StoryDailyViews.objects.bulk_create(rows, batch_size=500)
    # bulk_create sends no signals: drop the cached most-read figures like a flush would.
    readership_flushed.send(sender=seed_demo_readership, stories=sorted({r.story_id for r in rows}))
    return len(rows)
