"""A story's own readership page: the cards of the period, the daily chart since it went live,
its sources, its readers' departments and levels, milestones, and how it compares with the
author's other stories."""

import datetime
import statistics

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from stories.models import ReadershipMilestone, StoryPage
from stories.readership import audience, charts, dashboard_cache, figures, permissions, sources
from stories.readership.overview import PeriodMixin
from stories.readership.periods import ALL_TIME_CHART_DAYS


def comparison(story, profile, period):
    """{rank, count, median, views} of the story among the profile's live stories by views in
    the period, or None when it has no others: 2 queries (stories as a subquery, figures)."""
    if profile is None:
        return None
    ids = list(StoryPage.objects.live().by_author(profile).values_list("pk", flat=True))
    # Asked even when there is nothing to compare: the same queries for 1 story or 200.
    totals = figures.by_story(ids, period)
    if story.pk not in ids or len(ids) < 2:
        return None
    views = {pk: totals.get(pk, {}).get("views", 0) for pk in ids}
    mine = views[story.pk]
    return {
        "rank": 1 + sum(1 for pk, value in views.items() if value > mine and pk != story.pk),
        "count": len(ids),
        "median": statistics.median(views.values()),
        "views": mine,
    }


def chart_start(story, today):
    """The day the story went live (its whole life), at most the retention period back."""
    earliest = today - datetime.timedelta(days=ALL_TIME_CHART_DAYS - 1)
    if story.first_published_at is None:
        return max(earliest, today - datetime.timedelta(days=29))
    return max(earliest, min(today, timezone.localdate(story.first_published_at)))


def story_context(story, profile, period):
    ids = [story.pk]
    now, before = figures.period_totals(ids, period)
    series = figures.daily(ids, chart_start(story, period.today), period.today)
    return {
        "story": story,
        "period": period,
        "cards": figures.cards(now, before),
        "series": series,
        "chart": charts.daily_chart(
            series,
            title=_("Views and reads per day of “%(title)s” since it went live")
            % {"title": story.title},
            description=_("Line chart; the same numbers are in the table below."),
        ),
        "sources": sources.breakdown(ids, period),
        "audience": audience.breakdown(story.pk),
        "min_readers": audience.AUDIENCE_MIN_READERS,
        "milestones": list(ReadershipMilestone.objects.filter(story=story).order_by("threshold")),
        "comparison": comparison(story, profile, period),
    }


def comparison_profile(user, story):
    """Whose stories this one is compared with: the viewer's when they (co-)wrote it, else
    the owner's."""
    own = permissions.own_profile(user)
    if own is not None and StoryPage.objects.by_author(own).filter(pk=story.pk).exists():
        return own
    return getattr(story.owner, "author_profile", None) if story.owner_id else None


class StoryReadershipView(PeriodMixin, WagtailAdminTemplateMixin, TemplateView):
    """One story's readership page."""

    template_name = "stories/readership/admin/story.html"
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        self.story = get_object_or_404(
            StoryPage.objects.select_related("owner__author_profile"), pk=kwargs["story_id"]
        )
        if not permissions.can_view_story(request.user, self.story):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Readership of “%(title)s”") % {"title": self.story.title}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("readership_index"), "label": _("My readership")},
            {"url": "", "label": self.story.title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        story, period = self.story, self.period
        profile = comparison_profile(self.request.user, story)
        profile_id = profile.pk if profile else 0
        own = profile is not None and profile == permissions.own_profile(self.request.user)
        context["story"] = story
        context["story_section"] = mark_safe(  # noqa: S308 - our own template's output
            dashboard_cache.fragment(
                "story",
                f"{story.pk}:{period.key}:{profile_id}:{int(own)}",
                period.today,
                stories=[story.pk],
                profiles=[profile_id] if profile else [],
                render=lambda: render_to_string(
                    "stories/readership/story.html",
                    {**story_context(story, profile, period), "own": own},
                ),
            )
        )
        return context
