"""Where a story's readers came from in a period: views per source (the share channels and
the referrer classes of ReadershipSource) with their share, for the horizontal bars."""

from django.db.models import Sum

from stories.models import ReadershipSource, StoryDailyViews
from stories.readership.figures import FIELDS, _window


def breakdown(story_ids, period):
    """[{source, label, views, readers, reads, share (% of views), width}], biggest first."""
    rows = list(
        StoryDailyViews.objects.filter(_window(period.start, period.today), story_id__in=story_ids)
        .values("source")
        .annotate(**{field: Sum(field) for field in FIELDS})
        .order_by("-views", "source")
    )
    total = sum(row["views"] for row in rows)
    top = rows[0]["views"] if rows else 0
    return [
        {
            **row,
            "label": ReadershipSource.label_for(row["source"]),
            "share": round(row["views"] * 100 / total) if total else 0,
            # The bar's length relative to the biggest source (the figure says the share).
            "width": round(row["views"] * 100 / top) if top else 0,
        }
        for row in rows
    ]
