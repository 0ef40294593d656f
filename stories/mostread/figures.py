"""The public readership figures of /most-read/, computed from the daily rollups and cached.

Everything here is computed per *viewer kind* (anonymous reader or logged-in employee), from
the live stories that kind of viewer may see, so one cached copy serves every viewer of a
kind. The computation runs a fixed number of queries whatever the number of stories (the
Python loops grow, the queries do not). The cache (Redis when `REDIS_URL` is set) is
refreshed when a story is published or unpublished, when a profile changes (an author who
opts out disappears at once) and after every readership flush.

Privacy rules applied here:
- a person is named only if they opted in (`show_on_leaderboards`) and their profile is
  visible to that viewer kind; everyone else is counted in the totals but never named;
- every readers figure below `SMALL_CELL` is published as "fewer than 5" (see `Figure`).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Sum
from django.utils import timezone

from authors.models import ProfileVisibility
from authors.roles import is_employee
from stories.models import Audience, StoryDailyViews, StoryPage, audiences_for
from stories.mostread.data import MostReadData, earliest_story_per_profile, page_urls

SMALL_CELL = 5
TOP_STORIES = 10
TOP_STORYTELLERS = 10
RISING_VOICE_DAYS = 90
CACHE_SECONDS = 60 * 60
PERIODS = (("7", 7), ("30", 30), ("all", None))

ANONYMOUS = "anonymous"
EMPLOYEE = "employee"


@dataclass(frozen=True)
class Figure:
    """A readers count as published: exact from SMALL_CELL up, otherwise "fewer than 5"."""

    value: int

    @property
    def suppressed(self):
        return self.value < SMALL_CELL


def viewer_kind(user):
    return EMPLOYEE if is_employee(user) else ANONYMOUS


def _cache_key(kind, today):
    return f"mostread:figures:{kind}:{today.isoformat()}"


def figures_for(user, today=None):
    """The figures dict for this user's viewer kind (from the cache when it is there)."""
    kind = viewer_kind(user)
    today = today or timezone.localdate()
    key = _cache_key(kind, today)
    figures = cache.get(key)
    if figures is None:
        figures = compute_figures(kind, today)
        cache.set(key, figures, CACHE_SECONDS)
    return figures


def refresh_figures(**kwargs):
    """Signal receiver: drop today's cached figures (the next viewer recomputes them)."""
    today = timezone.localdate()
    cache.delete_many([_cache_key(kind, today) for kind in (ANONYMOUS, EMPLOYEE)])


def refresh_figures_for_story(sender, instance=None, **kwargs):
    """page_published / page_unpublished receiver: only stories change the figures."""
    if isinstance(instance, StoryPage):
        refresh_figures()


def _visible_profile_visibilities(kind):
    if kind == EMPLOYEE:
        return {ProfileVisibility.PUBLIC, ProfileVisibility.INTERNAL}
    return {ProfileVisibility.PUBLIC}


def compute_figures(kind, today):
    """Compute every figure of /most-read/ for one viewer kind (a fixed number of queries)."""
    audiences = audiences_for(None) if kind == ANONYMOUS else [Audience.PUBLIC, Audience.INTERNAL]
    data = MostReadData(audiences, _visible_profile_visibilities(kind), today, PERIODS)
    periods = [_period(data, name, days) for name, days in PERIODS]
    urls = page_urls({story["pk"] for period in periods for story in period["stories"]})
    for period in periods:
        for story in period["stories"]:
            story["url"] = urls.get(story["pk"])
    return {
        "kind": kind,
        "today": today,
        "periods": periods,
        "rising_voices": _rising_voices(data),
        "departments": _departments(data),
        "company": _company(data),
        "sources": _sources(audiences, data.month_start, today),
    }


def _top_stories(data, period):
    """Most daily readers in the period (views, then title break ties)."""
    stories = data.stories
    ranked = sorted(
        (pk for pk in stories if data.story_readers(pk, period) > 0),
        key=lambda pk: (
            -data.story_readers(pk, period),
            -data.story_readers(pk, period, "views"),
            stories[pk]["title"],
        ),
    )[:TOP_STORIES]
    return [
        {
            "pk": pk,
            "title": stories[pk]["title"],
            "url": None,  # filled in by compute_figures, with one query for all periods
            "department": data.departments.get(stories[pk]["department_id"], ""),
            "authors": [data.person(p) for p in data.story_authors[pk] if data.nameable(p)],
            "readers": Figure(data.story_readers(pk, period)),
        }
        for pk in ranked
    ]


def _period(data, name, days):
    """One tab: top stories, named storytellers, and everyone else counted but not named."""
    # Each author is credited with the readers of every story they (co-)wrote.
    per_author = defaultdict(int)
    for pk in data.stories:
        for profile_id in data.story_authors[pk]:
            per_author[profile_id] += data.story_readers(pk, name)
    active = {p: n for p, n in per_author.items() if n > 0}
    named = sorted(
        (p for p in active if data.nameable(p)),
        key=lambda p: (-active[p], data.profiles[p].display_name),
    )[:TOP_STORYTELLERS]
    unnamed = [p for p in active if p not in named]
    return {
        "key": name,
        "days": days,
        "stories": _top_stories(data, name),
        "storytellers": [{**data.person(p), "readers": Figure(active[p])} for p in named],
        "others_count": len(unnamed),
        "others_readers": Figure(sum(active[p] for p in unnamed)),
        "total_readers": Figure(sum(data.story_readers(pk, name) for pk in data.stories)),
    }


def _rising_voices(data):
    """Authors whose first live story (of any audience) is recent, by 30-day readers."""
    first_story = {}
    for pk, story in data.stories.items():
        published = story["first_published_at"]
        for profile_id in data.story_authors[pk]:
            if published and (profile_id not in first_story or published < first_story[profile_id]):
                first_story[profile_id] = published
    earliest_anywhere = earliest_story_per_profile(data.profile_of_user)
    rising_since = timezone.now() - datetime.timedelta(days=RISING_VOICE_DAYS)
    thirty_day = {
        p: sum(data.story_readers(pk, "30") for pk in data.stories if p in data.story_authors[pk])
        for p in first_story
    }
    rising = sorted(
        (
            p
            for p in first_story
            if earliest_anywhere.get(p, first_story[p]) >= rising_since and data.nameable(p)
        ),
        key=lambda p: (-thirty_day[p], data.profiles[p].display_name),
    )
    return [
        {**data.person(p), "since": first_story[p], "readers": Figure(thirty_day[p])}
        for p in rising[:TOP_STORYTELLERS]
    ]


def _departments(data):
    """Stories, storytellers and 30-day readers per department, normalised per storyteller."""
    by_department = defaultdict(lambda: {"stories": 0, "authors": set(), "readers": 0})
    for pk, story in data.stories.items():
        if story["department_id"] is None:
            continue
        cell = by_department[story["department_id"]]
        cell["stories"] += 1
        cell["readers"] += data.story_readers(pk, "30")
        cell["authors"].update(
            p
            for p in data.story_authors[pk]
            if data.profiles[p].department_id == story["department_id"]
        )
    rows = []
    for department_id, cell in by_department.items():
        authors = len(cell["authors"]) or 1
        rows.append(
            {
                "name": data.departments.get(department_id, ""),
                "stories": cell["stories"],
                "authors": len(cell["authors"]),
                "readers": Figure(cell["readers"]),
                "readers_per_author": Figure(round(cell["readers"] / authors)),
                # The normalised figure of a small cell would reveal the small cell.
                "per_author_suppressed": cell["readers"] < SMALL_CELL,
            }
        )
    rows.sort(key=lambda row: (-row["readers"].value, row["name"]))
    return rows


def _company(data):
    """Company figures this month: stories published, their authors, readers of all stories."""
    month_stories = [
        pk
        for pk, story in data.stories.items()
        if story["first_published_at"]
        and timezone.localdate(story["first_published_at"]) >= data.month_start
    ]
    return {
        "month_start": data.month_start,
        "stories_published": len(month_stories),
        "authors": len({p for pk in month_stories for p in data.story_authors[pk]}),
        "readers": Figure(sum(data.story_readers(pk, "month") for pk in data.stories)),
    }


def _sources(audiences, month_start, today):
    """This month's readers by source (share link, search, social...)."""
    return [
        {"source": row["source"], "readers": Figure(row["total"] or 0)}
        for row in StoryDailyViews.objects.filter(
            story__live=True,
            story__audience__in=audiences,
            day__gte=month_start,
            day__lte=today,
        )
        .values("source")
        .annotate(total=Sum("readers"))
        .order_by("-total", "source")
    ]
