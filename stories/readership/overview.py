"""My readership: the overview of an author's stories for a period (cards with their change,
the chart of the period, the stories ranked by views with a sparkline), for the author, the
coach of the author and the editors."""

import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from authors.models import AuthorProfile
from stories.models import StoryPage
from stories.readership import charts, dashboard_cache, figures, freshness, permissions, team
from stories.readership.counting import reading_day
from stories.readership.periods import period_from, switch_links


def ranked_stories(profile, period):
    """The profile's live stories (co-authored ones marked), ranked by views in the period,
    each with its figures and a sparkline: 3 queries whatever the number of stories."""
    stories = list(
        StoryPage.objects.live()
        .by_author(profile)
        .only("pk", "title", "owner_id", "first_published_at")
        .order_by("-first_published_at", "-pk")
    )
    ids = [story.pk for story in stories]
    totals = figures.by_story(ids, period)
    start = period.start or period.today - datetime.timedelta(days=89)
    lines = figures.sparklines(ids, start, period.today)
    empty = dict.fromkeys(figures.FIELDS, 0)
    rows = [
        {
            "story": story,
            "co_authored": story.owner_id != profile.user_id,
            "spark": charts.sparkline(lines.get(story.pk, [])),
            **totals.get(story.pk, empty),
        }
        for story in stories
    ]
    # Stable: equal views keep the newest first.
    rows.sort(key=lambda row: row["views"], reverse=True)
    return rows


def overview_context(profile, period):
    """Everything the overview fragment shows for one author and period."""
    story_ids = StoryPage.objects.by_author(profile).values("pk")
    now, before = figures.period_totals(story_ids, period)
    series = figures.daily(story_ids, period.chart_start, period.today)
    if period.start is None:
        series = figures.trim_leading_zeros(series)
    return {
        "profile": profile,
        "period": period,
        "cards": figures.cards(now, before),
        "story_rows": ranked_stories(profile, period),
        "series": series,
        "chart": charts.daily_chart(
            series,
            title=_("Views and reads per day of %(name)s's stories, %(period)s")
            % {"name": profile.display_name, "period": period.label},
            description=_("Line chart; the same numbers are in the table below."),
        ),
    }


def overview_section(profile, period):
    """The overview fragment as HTML, cached per author, period and language until a flush."""
    return mark_safe(  # noqa: S308 - our own template's output
        dashboard_cache.fragment(
            "overview",
            f"{profile.pk}:{period.key}",
            period.today,
            profiles=[profile.pk],
            render=lambda: render_to_string(
                "stories/readership/overview.html", overview_context(profile, period)
            ),
        )
    )


class PeriodMixin:
    """The period from ?period= (unknown values fall back to the default), its links, and how
    fresh the figures are."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.period = period_from(self.request.GET.get("period"), reading_day())
        context["period"] = self.period
        context["period_links"] = switch_links(self.period)
        context["updated"] = freshness.updated_ago()
        return context


class ReadershipIndexView(PeriodMixin, WagtailAdminTemplateMixin, TemplateView):
    """My readership: my own overview, then (coaches, editors) the authors I may look at."""

    template_name = "stories/readership/admin/index.html"
    page_title = gettext_lazy("My readership")
    header_icon = "view"

    def dispatch(self, request, *args, **kwargs):
        if not permissions.shows_menu_item(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        own = permissions.own_profile(user)
        if own is not None:
            context["profile"] = own
            context["overview"] = overview_section(own, self.period)
        context["team"] = team.team_context(self.request, self.period)
        return context


class AuthorReadershipView(PeriodMixin, WagtailAdminTemplateMixin, TemplateView):
    """One author's overview (their stories and co-authored ones), for their coach and editors."""

    template_name = "stories/readership/admin/author.html"
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        self.profile = get_object_or_404(AuthorProfile, pk=kwargs["profile_id"])
        if not permissions.can_view_profile(request.user, self.profile):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Readership of %(name)s") % {"name": self.profile.display_name}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("readership_index"), "label": _("My readership")},
            {"url": "", "label": self.profile.display_name},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["profile"] = self.profile
        context["overview"] = overview_section(self.profile, self.period)
        return context
