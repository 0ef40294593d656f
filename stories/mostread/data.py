"""What /most-read/ is computed from, read in a fixed number of queries for one viewer kind.

The live stories the viewer kind may see, who wrote them, their readers per period and the
people who may be named; stories/mostread/figures.py turns them into the page's sections.
"""

import datetime
from collections import defaultdict

from django.db.models import Min, Q, Sum
from wagtail.models import Page

from authors.models import AuthorIndexPage, AuthorProfile, Department
from stories.models import StoryCoAuthor, StoryDailyViews, StoryPage

PROFILE_FIELDS = (
    "pk",
    "user_id",
    "display_name",
    "slug",
    "department_id",
    "profile_visibility",
    "show_on_leaderboards",
)


class MostReadData:
    """The rows behind /most-read/ for the given audiences (no page objects)."""

    def __init__(self, audiences, visibilities, today, periods):
        self.today = today
        self.month_start = today.replace(day=1)
        self.visibilities = visibilities
        self.stories = {
            row["pk"]: row
            for row in StoryPage.objects.live()
            .filter(audience__in=audiences)
            .values("pk", "title", "owner_id", "department_id", "first_published_at")
        }
        self.profiles = {
            profile.pk: profile
            for profile in AuthorProfile.objects.filter(user__is_active=True).only(*PROFILE_FIELDS)
        }
        self.profile_of_user = {p.user_id: p.pk for p in self.profiles.values()}
        self.story_authors = self._story_authors()
        self.readers = self._readers(audiences, periods)
        self.departments = dict(Department.objects.values_list("pk", "name"))
        # Hero page URLs the way AuthorProfile.get_absolute_url builds them, with one query.
        self.author_index = AuthorIndexPage.objects.live().first()
        self.author_base = self.author_index.url if self.author_index else None

    def _story_authors(self):
        """{story pk: [profile ids]}: owners are users, co-authors profiles; lead first."""
        co_authors = defaultdict(list)
        for page_id, profile_id in StoryCoAuthor.objects.filter(page__live=True).values_list(
            "page_id", "profile_id"
        ):
            co_authors[page_id].append(profile_id)
        authors = {}
        for pk, story in self.stories.items():
            ids = []
            lead = self.profile_of_user.get(story["owner_id"])
            if lead is not None:
                ids.append(lead)
            ids.extend(p for p in co_authors.get(pk, ()) if p in self.profiles and p not in ids)
            authors[pk] = ids
        return authors

    def _readers(self, audiences, periods):
        """{story pk: {"<period>_readers": n, "<period>_views": n, "month_readers": n}}."""
        starts = {
            name: (self.today - datetime.timedelta(days=days - 1) if days else None)
            for name, days in periods
        }
        sums = {
            f"{name}_{measure}": Sum(measure, filter=Q(day__gte=start) if start else None)
            for name, start in starts.items()
            for measure in ("readers", "views")
        }
        sums["month_readers"] = Sum("readers", filter=Q(day__gte=self.month_start))
        rows = (
            StoryDailyViews.objects.filter(
                story__live=True, story__audience__in=audiences, day__lte=self.today
            )
            .values("story_id")
            .annotate(**sums)
        )
        return {row["story_id"]: row for row in rows}

    def story_readers(self, pk, period, measure="readers"):
        row = self.readers.get(pk)
        return (row and row[f"{period}_{measure}"]) or 0

    def nameable(self, profile_id):
        """Opted in to leaderboards, and their profile is visible to this viewer kind."""
        profile = self.profiles[profile_id]
        return profile.show_on_leaderboards and profile.profile_visibility in self.visibilities

    def person(self, profile_id):
        profile = self.profiles[profile_id]
        url = None
        if self.author_base:
            url = self.author_base + self.author_index.reverse_subpage(
                "author", args=[profile.slug]
            )
        return {"name": profile.display_name, "url": url}


def earliest_story_per_profile(profile_of_user):
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


def page_urls(page_ids):
    """Relative URLs of these pages in one query (Wagtail caches the site root paths)."""
    return {
        page.pk: page.get_url()
        for page in Page.objects.filter(pk__in=page_ids).select_related("locale")
    }
