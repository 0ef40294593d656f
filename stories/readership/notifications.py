"""Readership emails: milestones (once each) and the weekly digest (opt-out per user)."""

import datetime
import logging
from collections import Counter, defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from cms.mail import send_to_user
from stories.models import (
    ReadershipDigestSent,
    ReadershipEmailPreference,
    ReadershipMilestone,
    StoryCoAuthor,
    StoryDailyViews,
    StoryPage,
    StoryThanks,
)
from stories.readership import figures
from stories.readership.counting import reading_day

logger = logging.getLogger("storywerk.readership")


def _send(user, template, context):
    return send_to_user(user, f"stories/readership/email/{template}", context)


def _authors_by_story(story_ids):
    """{story_id: [users]}: owner and co-authors (two queries for any number of stories)."""
    User = get_user_model()
    authors = defaultdict(set)
    for story_id, owner_id in StoryPage.objects.filter(pk__in=story_ids).values_list(
        "pk", "owner_id"
    ):
        if owner_id:
            authors[story_id].add(owner_id)
    for story_id, user_id in StoryCoAuthor.objects.filter(page_id__in=story_ids).values_list(
        "page_id", "profile__user_id"
    ):
        authors[story_id].add(user_id)
    users = User.objects.in_bulk({uid for ids in authors.values() for uid in ids})
    return {
        sid: [users[uid] for uid in sorted(ids) if uid in users] for sid, ids in authors.items()
    }


def check_milestones(story_ids):
    """Email the authors of each story that passed a readers milestone for the first time.

    One mail per story and flush, naming the highest milestone reached: a first flush after a
    pause (or demo data) may pass 100, 500 and 1,000 at once, and three mails in one second
    said less than one. Every passed threshold is recorded, so the lower ones never follow.
    The unique (story, threshold) rows are created before the email goes out, so two flushes
    racing each other send it once.
    """
    thresholds = sorted(settings.STORYWERK_READERSHIP_MILESTONES)
    all_time = {
        row.pop("story_id"): row
        for row in StoryDailyViews.objects.filter(story_id__in=story_ids)
        .values("story_id")
        .annotate(views=Sum("views"), readers=Sum("readers"), reads=Sum("reads"))
        .order_by()
    }
    totals = {story_id: row["readers"] for story_id, row in all_time.items()}
    reached = set(
        ReadershipMilestone.objects.filter(story_id__in=totals).values_list("story_id", "threshold")
    )
    due = defaultdict(list)
    for story_id, total in totals.items():
        for threshold in thresholds:
            if total >= threshold and (story_id, threshold) not in reached:
                due[story_id].append(threshold)
    if not due:
        return []
    authors = _authors_by_story(set(due))
    stories = StoryPage.objects.in_bulk(set(due))
    sent = []
    for story_id, passed in due.items():
        try:
            with transaction.atomic():
                for threshold in passed:
                    ReadershipMilestone.objects.create(story_id=story_id, threshold=threshold)
        except IntegrityError:
            continue  # another flush is mailing this story right now
        threshold = passed[-1]
        for user in authors.get(story_id, []):
            context = {
                "user": user,
                "story": stories[story_id],
                "threshold": threshold,
                "total": totals[story_id],
                "base_url": settings.WAGTAILADMIN_BASE_URL,
                # The story's cards of My readership, all time (nothing to compare with).
                "cards": figures.cards(all_time[story_id], None),
            }
            if _send(user, "milestone", context):
                sent.append((story_id, threshold, user.pk))
    return sent


def previous_week(today):
    """(Monday, Sunday) of the last complete week before `today`."""
    this_monday = today - datetime.timedelta(days=today.weekday())
    start = this_monday - datetime.timedelta(days=7)
    return start, start + datetime.timedelta(days=6)


def send_weekly_digests(now=None):
    """Send last week's digest to every author whose stories had readers (once per week).

    Safe to run often (the job runs hourly): a ReadershipDigestSent row marks who got it.
    """
    today = reading_day(now)
    start, end = previous_week(today)
    before_start = start - datetime.timedelta(days=7)
    per_user = _weekly_figures_per_user(start, end, before_start)
    opted_out = set(
        ReadershipEmailPreference.objects.filter(weekly_digest=False).values_list(
            "user_id", flat=True
        )
    )
    already = set(
        ReadershipDigestSent.objects.filter(week_start=start).values_list("user_id", flat=True)
    )
    sent = []
    for user_id, entry in per_user.items():
        if entry["now"]["readers"] <= 0 or user_id in opted_out or user_id in already:
            continue
        try:
            with transaction.atomic():
                ReadershipDigestSent.objects.create(user_id=user_id, week_start=start)
        except IntegrityError:
            continue
        readers, previous = entry["now"]["readers"], entry["before"]["readers"]
        change = round((readers - previous) * 100 / previous) if previous else None
        context = {
            "user": entry["user"],
            "readers": readers,
            "previous": previous,
            "change": change,
            "change_abs": abs(change) if change is not None else None,
            "week_start": start,
            "week_end": end,
            "thanks": StoryThanks.objects.in_digest(entry["user"], start, end),
            "base_url": settings.WAGTAILADMIN_BASE_URL,
            # The same cards as My readership, for the week and the week before.
            "cards": figures.cards(entry["now"], entry["before"]),
            "compared": _("on the week before"),
        }
        if _send(entry["user"], "digest", context):
            sent.append(user_id)
    return sent


def _weekly_figures_per_user(start, end, before_start):
    """{user_id: {user, now: {views, readers, reads}, before: {...}}} for the week and the
    week before, over the stories each user (co-)wrote: 3 queries."""
    rows = (
        StoryDailyViews.objects.filter(day__gte=before_start, day__lte=end)
        .values("story_id", "day")
        .annotate(views=Sum("views"), readers=Sum("readers"), reads=Sum("reads"))
        .order_by()
    )
    weeks = {"now": defaultdict(Counter), "before": defaultdict(Counter)}
    for row in rows:
        week = weeks["now"] if row["day"] >= start else weeks["before"]
        week[row["story_id"]].update({field: row[field] for field in figures.FIELDS})
    authors = _authors_by_story(set(weeks["now"]) | set(weeks["before"]))
    per_user = {}
    for story_id, users in authors.items():
        for user in users:
            entry = per_user.setdefault(
                user.pk,
                {
                    "user": user,
                    "now": dict.fromkeys(figures.FIELDS, 0),
                    "before": dict.fromkeys(figures.FIELDS, 0),
                },
            )
            for name in ("now", "before"):
                for field in figures.FIELDS:
                    entry[name][field] += weeks[name][story_id][field]
    return per_user
