"""Readership totals and daily series, read from the daily rollups (StoryDailyViews)."""

import datetime

from django.db.models import Q, Sum
from django.db.models.functions import Coalesce

from stories.models import ReadershipSource, StoryDailyViews
from stories.readership.counting import reading_day

CHART_DAYS = 90


def _sum(field, **filters):
    condition = Q(**filters) if filters else None
    return Coalesce(Sum(field, filter=condition), 0)


def totals_by_story(story_ids, today=None):
    """{story_id: {views_7, readers_7, reads_7, views_30, ..., views_all, ...}} in one query.

    `story_ids` may be a queryset (used as a subquery) or a list.
    """
    today = today or reading_day()
    since_7 = today - datetime.timedelta(days=6)
    since_30 = today - datetime.timedelta(days=29)
    aggregates = {}
    for field in ("views", "readers", "reads"):
        aggregates[f"{field}_7"] = _sum(field, day__gte=since_7)
        aggregates[f"{field}_30"] = _sum(field, day__gte=since_30)
        aggregates[f"{field}_all"] = _sum(field)
    rows = (
        StoryDailyViews.objects.filter(story_id__in=story_ids)
        .values("story_id")
        .annotate(**aggregates)
        .order_by()
    )
    return {row.pop("story_id"): row for row in rows}


def all_time_by_story(story_ids):
    """{story_id: {views, readers, reads}} all time, in one query (three sums, no filters)."""
    rows = (
        StoryDailyViews.objects.filter(story_id__in=story_ids)
        .values("story_id")
        .annotate(views=Sum("views"), readers=Sum("readers"), reads=Sum("reads"))
        .order_by()
    )
    return {row.pop("story_id"): row for row in rows}


def empty_totals():
    return {
        f"{field}_{span}": 0
        for field in ("views", "readers", "reads")
        for span in ("7", "30", "all")
    }


def daily_series(story_ids, days=CHART_DAYS, today=None):
    """[(day, views, readers, reads)] for the last `days` days, zero-filled, oldest first."""
    today = today or reading_day()
    start = today - datetime.timedelta(days=days - 1)
    rows = (
        StoryDailyViews.objects.filter(story_id__in=story_ids, day__gte=start, day__lte=today)
        .values("day")
        .annotate(views=Sum("views"), readers=Sum("readers"), reads=Sum("reads"))
        .order_by()
    )
    by_day = {row["day"]: row for row in rows}
    series = []
    for offset in range(days):
        day = start + datetime.timedelta(days=offset)
        row = by_day.get(day, {})
        series.append((day, row.get("views", 0), row.get("readers", 0), row.get("reads", 0)))
    return series


def sources(story_ids):
    """All-time views and daily readers per source, biggest first, with readable labels."""
    rows = (
        StoryDailyViews.objects.filter(story_id__in=story_ids)
        .values("source")
        .annotate(views=Sum("views"), readers=Sum("readers"), reads=Sum("reads"))
        .order_by("-views", "source")
    )
    return [{**row, "label": ReadershipSource.label_for(row["source"])} for row in rows]


def overall(story_ids):
    """All-time views, daily readers and reads, plus the reads/views ratio (None: no views)."""
    totals = StoryDailyViews.objects.filter(story_id__in=story_ids).aggregate(
        views=_sum("views"), readers=_sum("readers"), reads=_sum("reads")
    )
    totals["read_ratio"] = totals["reads"] / totals["views"] if totals["views"] else None
    return totals
