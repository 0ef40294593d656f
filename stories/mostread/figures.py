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
from django.db.models import Min, Q, Sum
from django.utils import timezone
from wagtail.models import Page

from authors.models import AuthorIndexPage, AuthorProfile, Department, ProfileVisibility
from stories.models import (
    Audience,
    StoryCoAuthor,
    StoryDailyViews,
    StoryPage,
    audiences_for,
    is_employee,
)

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
    month_start = today.replace(day=1)
    starts = {
        name: (today - datetime.timedelta(days=days - 1) if days else None)
        for name, days in PERIODS
    }

    # 1. The live stories this kind of viewer may see (one row each, no page objects).
    stories = {
        row["pk"]: row
        for row in StoryPage.objects.live()
        .filter(audience__in=audiences)
        .values("pk", "title", "owner_id", "department_id", "first_published_at")
    }
    # 2. Who wrote them: owners are users, co-authors profiles; both map to profiles.
    co_authors = defaultdict(list)
    for page_id, profile_id in StoryCoAuthor.objects.filter(page__live=True).values_list(
        "page_id", "profile_id"
    ):
        co_authors[page_id].append(profile_id)
    profiles = {
        profile.pk: profile
        for profile in AuthorProfile.objects.filter(user__is_active=True).only(
            "pk",
            "user_id",
            "display_name",
            "slug",
            "department_id",
            "profile_visibility",
            "show_on_leaderboards",
        )
    }
    profile_of_user = {profile.user_id: profile.pk for profile in profiles.values()}

    def authors_of(story):
        ids = []
        lead = profile_of_user.get(story["owner_id"])
        if lead is not None:
            ids.append(lead)
        ids.extend(pk for pk in co_authors.get(story["pk"], ()) if pk in profiles and pk not in ids)
        return ids

    story_authors = {pk: authors_of(story) for pk, story in stories.items()}

    # 3. Readers per story and period, and this month's readers by source (two queries).
    period_sums = {
        f"{name}_{measure}": Sum(measure, filter=Q(day__gte=start) if start else None)
        for name, start in starts.items()
        for measure in ("readers", "views")
    }
    period_sums["month_readers"] = Sum("readers", filter=Q(day__gte=month_start))
    rollups = (
        StoryDailyViews.objects.filter(
            story__live=True, story__audience__in=audiences, day__lte=today
        )
        .values("story_id")
        .annotate(**period_sums)
    )
    readers = {row["story_id"]: row for row in rollups}
    sources = [
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
    departments = dict(Department.objects.values_list("pk", "name"))

    visibilities = _visible_profile_visibilities(kind)

    def nameable(profile_id):
        profile = profiles[profile_id]
        return profile.show_on_leaderboards and profile.profile_visibility in visibilities

    # Hero page URLs the way AuthorProfile.get_absolute_url builds them, with one query.
    author_index = AuthorIndexPage.objects.live().first()
    author_base = author_index.url if author_index else None

    def person(profile_id):
        profile = profiles[profile_id]
        url = None
        if author_base:
            url = author_base + author_index.reverse_subpage("author", args=[profile.slug])
        return {"name": profile.display_name, "url": url}

    def story_readers(pk, period, measure="readers"):
        row = readers.get(pk)
        return (row and row[f"{period}_{measure}"]) or 0

    periods = []
    for name, days in PERIODS:
        # Top stories: most daily readers in the period (views, then title break ties).
        ranked = sorted(
            (pk for pk in stories if story_readers(pk, name) > 0),
            key=lambda pk: (
                -story_readers(pk, name),
                -story_readers(pk, name, "views"),
                stories[pk]["title"],
            ),
        )[:TOP_STORIES]
        top = [
            {
                "pk": pk,
                "title": stories[pk]["title"],
                "url": None,  # filled in below, with one query for all periods
                "department": departments.get(stories[pk]["department_id"], ""),
                "authors": [person(p) for p in story_authors[pk] if nameable(p)],
                "readers": Figure(story_readers(pk, name)),
            }
            for pk in ranked
        ]
        # Storytellers: each author is credited with the readers of every story they (co-)wrote.
        per_author = defaultdict(int)
        for pk in stories:
            for profile_id in story_authors[pk]:
                per_author[profile_id] += story_readers(pk, name)
        active = {p: n for p, n in per_author.items() if n > 0}
        named = sorted(
            (p for p in active if nameable(p)),
            key=lambda p: (-active[p], profiles[p].display_name),
        )[:TOP_STORYTELLERS]
        unnamed = [p for p in active if p not in named]
        periods.append(
            {
                "key": name,
                "days": days,
                "stories": top,
                "storytellers": [{**person(p), "readers": Figure(active[p])} for p in named],
                "others_count": len(unnamed),
                "others_readers": Figure(sum(active[p] for p in unnamed)),
                "total_readers": Figure(sum(story_readers(pk, name) for pk in stories)),
            }
        )

    urls = _urls({story["pk"] for period in periods for story in period["stories"]})
    for period in periods:
        for story in period["stories"]:
            story["url"] = urls.get(story["pk"])

    # Rising voices: authors whose first live story (of any audience) is recent.
    first_story = {}
    for pk, story in stories.items():
        for profile_id in story_authors[pk]:
            published = story["first_published_at"]
            if published and (profile_id not in first_story or published < first_story[profile_id]):
                first_story[profile_id] = published
    earliest_anywhere = _earliest_story_per_profile(profile_of_user)
    rising_since = timezone.now() - datetime.timedelta(days=RISING_VOICE_DAYS)
    thirty_day = {
        p: sum(story_readers(pk, "30") for pk in stories if p in story_authors[pk])
        for p in first_story
    }
    rising = sorted(
        (
            p
            for p in first_story
            if earliest_anywhere.get(p, first_story[p]) >= rising_since and nameable(p)
        ),
        key=lambda p: (-thirty_day[p], profiles[p].display_name),
    )
    rising_voices = [
        {**person(p), "since": first_story[p], "readers": Figure(thirty_day[p])}
        for p in rising[:TOP_STORYTELLERS]
    ]

    # Departments: stories, storytellers and 30-day readers, normalised per storyteller.
    by_department = defaultdict(lambda: {"stories": 0, "authors": set(), "readers": 0})
    for pk, story in stories.items():
        if story["department_id"] is None:
            continue
        cell = by_department[story["department_id"]]
        cell["stories"] += 1
        cell["readers"] += story_readers(pk, "30")
        cell["authors"].update(
            p for p in story_authors[pk] if profiles[p].department_id == story["department_id"]
        )
    department_rows = []
    for department_id, cell in by_department.items():
        authors = len(cell["authors"]) or 1
        department_rows.append(
            {
                "name": departments.get(department_id, ""),
                "stories": cell["stories"],
                "authors": len(cell["authors"]),
                "readers": Figure(cell["readers"]),
                "readers_per_author": Figure(round(cell["readers"] / authors)),
                # The normalised figure of a small cell would reveal the small cell.
                "per_author_suppressed": cell["readers"] < SMALL_CELL,
            }
        )
    department_rows.sort(key=lambda row: (-row["readers"].value, row["name"]))

    # Company figures this month.
    month_stories = [
        pk
        for pk, story in stories.items()
        if story["first_published_at"]
        and timezone.localdate(story["first_published_at"]) >= month_start
    ]
    company = {
        "month_start": month_start,
        "stories_published": len(month_stories),
        "authors": len({p for pk in month_stories for p in story_authors[pk]}),
        "readers": Figure(sum(story_readers(pk, "month") for pk in stories)),
    }
    return {
        "kind": kind,
        "today": today,
        "periods": periods,
        "rising_voices": rising_voices,
        "departments": department_rows,
        "company": company,
        "sources": sources,
    }


def _earliest_story_per_profile(profile_of_user):
    """First publication of each author across *all* live stories (two aggregate queries).

    A rising voice is new to the company, not only to this viewer's selection of stories.
    """
    earliest = {}
    for owner_id, first in (
        # order_by(): the default page ordering (path) would split the groups.
        StoryPage.objects.live()
        .order_by()
        .values("owner_id")
        .annotate(first=Min("first_published_at"))
        .values_list("owner_id", "first")
    ):
        profile_id = profile_of_user.get(owner_id)
        if profile_id is not None and first is not None:
            earliest[profile_id] = first
    for profile_id, first in (
        StoryCoAuthor.objects.filter(page__live=True)
        .order_by()
        .values("profile_id")
        .annotate(first=Min("page__first_published_at"))
        .values_list("profile_id", "first")
    ):
        if first is not None and (profile_id not in earliest or first < earliest[profile_id]):
            earliest[profile_id] = first
    return earliest


def _urls(page_ids):
    """Relative URLs of these pages in one query (Wagtail caches the site root paths)."""
    return {
        page.pk: page.get_url()
        for page in Page.objects.filter(pk__in=page_ids).select_related("locale")
    }
