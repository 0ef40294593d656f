"""The figures of the readership pages for a period, read from the rollups in a fixed number
of queries whatever the number of stories: headline cards with their change, per-story
figures, daily series and sparklines."""

import datetime
from collections import defaultdict

from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from stories.models import StoryDailyViews
from stories.readership.periods import change, ratio

FIELDS = ("views", "readers", "reads")
CARD_LABELS = {
    "views": _("Views"),
    "readers": _("Daily readers"),
    "reads": _("Reads"),
    "read_ratio": _("Read ratio"),
}


def _window(start, end=None):
    condition = Q()
    if start is not None:
        condition &= Q(day__gte=start)
    if end is not None:
        condition &= Q(day__lte=end)
    return condition


def _sums(prefix, condition):
    return {
        f"{prefix}{field}": Coalesce(Sum(field, filter=condition or None), 0) for field in FIELDS
    }


def period_totals(story_ids, period):
    """({views, readers, reads} of the period, the same of the period before or None): 1 query."""
    aggregates = _sums("now_", _window(period.start, period.today))
    previous = period.previous
    if previous:
        aggregates |= _sums("before_", _window(*previous))
    row = StoryDailyViews.objects.filter(story_id__in=story_ids).aggregate(**aggregates)
    now = {field: row[f"now_{field}"] for field in FIELDS}
    before = {field: row[f"before_{field}"] for field in FIELDS} if previous else None
    return now, before


def cards(now, before):
    """The headline cards: views, daily readers, reads (change in %), read ratio (change in
    percentage points)."""
    result = [
        {
            "key": field,
            "label": CARD_LABELS[field],
            "value": now[field],
            "change": change(now[field], before[field]) if before else None,
            "unit": "percent",
        }
        for field in FIELDS
    ]
    current_ratio = ratio(now["reads"], now["views"])
    before_ratio = ratio(before["reads"], before["views"]) if before else None
    result.append(
        {
            "key": "read_ratio",
            "label": CARD_LABELS["read_ratio"],
            "value": current_ratio,
            "is_ratio": True,
            "change": (
                current_ratio - before_ratio
                if current_ratio is not None and before_ratio is not None
                else None
            ),
            "unit": "points",
        }
    )
    return result


def by_story(story_ids, period):
    """{story_id: {views, readers, reads}} in the period, 1 query."""
    rows = (
        StoryDailyViews.objects.filter(_window(period.start, period.today), story_id__in=story_ids)
        .values("story_id")
        .annotate(**{field: Sum(field) for field in FIELDS})
        .order_by()
    )
    return {row.pop("story_id"): row for row in rows}


def _days(start, end):
    return [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]


def daily(story_ids, start, end):
    """[(day, views, readers, reads)] from start to end, zero-filled, oldest first: 1 query."""
    rows = (
        StoryDailyViews.objects.filter(story_id__in=story_ids, day__gte=start, day__lte=end)
        .values("day")
        .annotate(**{field: Sum(field) for field in FIELDS})
        .order_by()
    )
    by_day = {row["day"]: row for row in rows}
    empty = dict.fromkeys(FIELDS, 0)
    return [
        (day, *(by_day.get(day, empty)[field] for field in FIELDS)) for day in _days(start, end)
    ]


def trim_leading_zeros(series, keep=7):
    """The series from its first day with a view (at least `keep` days): "all time" charts
    start when the author was first read, not two years of zeros before."""
    for index, (_day, views, *_rest) in enumerate(series):
        if views:
            return series[min(index, max(0, len(series) - keep)) :]
    return series[-keep:]


def sparklines(story_ids, start, end):
    """{story_id: [views per day from start to end]} for the sparklines: 1 query."""
    rows = (
        StoryDailyViews.objects.filter(story_id__in=story_ids, day__gte=start, day__lte=end)
        .values_list("story_id", "day")
        .annotate(total=Sum("views"))
        .order_by()
    )
    width = (end - start).days + 1
    lines = defaultdict(lambda: [0] * width)
    for story_id, day, total in rows:
        lines[story_id][(day - start).days] = total
    return lines
