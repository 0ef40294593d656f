"""Coaching on the dashboard: a coach's impact, a paired author's coach and reply time."""

from django.core.cache import cache
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.admin.utils import get_user_display_name

from authors.roles import current_coach, is_coach
from stories.models import StoryDailyViews
from stories.pipeline.board import coach_reply_days, coached_stories
from stories.readership.permissions import own_profile


class CoachImpactPanel(Component):
    """A coach's own figures: stories coached (live) and the readers those stories reached."""

    name = "coach_impact"
    order = 170
    template_name = "stories/pipeline/coach_impact_panel.html"

    def __init__(self, coach):
        self.coach = coach

    def get_context_data(self, parent_context=None):
        stories = coached_stories(self.coach).live()
        readers = StoryDailyViews.objects.filter(story__in=stories).aggregate(total=Sum("readers"))[
            "total"
        ]
        return {
            "title": _("Your coaching"),
            "stories_coached": stories.count(),
            "readers": readers or 0,
            "reply_days": coach_reply_days(self.coach),
        }


class CoachReplyTimePanel(Component):
    """For an author with a coach: who the coach is and how fast they usually reply."""

    name = "coach_reply_time"
    order = 120
    template_name = "stories/pipeline/coach_reply_time_panel.html"

    def __init__(self, profile):
        self.profile = profile

    # A median over the coach's last reviews: minutes of staleness change nothing, and every
    # dashboard view of a paired author would otherwise ask twice (the coach, the median).
    cache_seconds = 600

    def get_context_data(self, parent_context=None):
        def compute():
            coach = current_coach(self.profile)
            if coach is None:  # a pairing that outlived the role names nobody
                return {"coach_name": ""}
            return {
                "coach_name": get_user_display_name(coach),
                "reply_days": coach_reply_days(coach),
            }

        key = f"storywerk:coach-reply:{self.profile.coach_id}"
        return cache.get_or_set(key, compute, self.cache_seconds)


def add_pitch_and_coaching_panels(request, panels):
    """construct_homepage_panels: coaches see their impact, paired authors their coach."""
    user = request.user
    if is_coach(user):
        panels.append(CoachImpactPanel(user))
    profile = own_profile(user)  # the reverse accessor the menu has asked already
    if profile is not None and profile.coach_id is not None:
        panels.append(CoachReplyTimePanel(profile))
