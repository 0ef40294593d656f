"""Demo readership: plausible daily rollups for the demo stories, so /most-read/ is lively.

Deterministic (seeded per story) and idempotent: stories that already have rollups (real
counting, or an earlier run) are left alone.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from authors.models import Department, Level
from stories.models import StoryDailyAudience, StoryDailyViews, StoryPage
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
# Share of a day's readers who are signed in (their department and level are counted).
DEMO_SIGNED_IN = 0.4
DEMO_LEVELS = [
    (Level.PROFESSIONAL, 0.45),
    (Level.SENIOR, 0.25),
    (Level.MANAGER, 0.15),
    (Level.TRAINEE, 0.1),
    (Level.DIRECTOR, 0.05),
]


@transaction.atomic
def seed_demo_readership(today=None):
    """Create rollup rows for live stories without any; returns the number of rows created."""
    today = today or timezone.localdate()
    counted = set(StoryDailyViews.objects.values_list("story_id", flat=True).distinct())
    rows, audience = [], []
    departments = [str(pk) for pk in Department.objects.order_by("pk").values_list("pk", flat=True)]
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
            signed_in = int(level * DEMO_SIGNED_IN)
            audience += _audience_rows(story, day, signed_in, rng, departments)
            day += datetime.timedelta(days=1)
    StoryDailyViews.objects.bulk_create(rows, batch_size=500)
    StoryDailyAudience.objects.bulk_create(audience, batch_size=500)
    # bulk_create sends no signals: drop the cached most-read figures like a flush would.
    readership_flushed.send(sender=seed_demo_readership, stories=sorted({r.story_id for r in rows}))
    return len(rows)


def _audience_rows(story, day, signed_in, rng, departments):
    """The day's signed-in readers spread over a few departments and the levels."""
    if signed_in <= 0:
        return []
    rows = []
    favourites = rng.sample(departments, min(len(departments), rng.randint(1, 4)))
    for department in favourites:
        readers = max(0, int(rng.gauss(signed_in / len(favourites), 1)))
        if readers:
            rows.append(
                StoryDailyAudience(
                    story=story, day=day, dimension="department", group=department, readers=readers
                )
            )
    for level, share in DEMO_LEVELS:
        readers = int(signed_in * share + rng.random())
        if readers:
            rows.append(
                StoryDailyAudience(
                    story=story, day=day, dimension="level", group=level, readers=readers
                )
            )
    return rows
