"""Admin panels: the author's readership on the dashboard, the digest opt-out in the account."""

from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.admin.views.account import BaseSettingsPanel, notifications_tab

from authors.models import AuthorProfile
from stories.models import ReadershipEmailPreference, StoryPage
from stories.readership import dashboard_cache, permissions, rollups
from stories.readership.counting import reading_day


class ReadershipDashboardPanel(Component):
    """Each of the author's live stories: views, daily readers, reads (7/30 days, all time).

    The rendered panel is cached per author (see dashboard_cache): a dashboard view costs
    one query for the profile and a few cache reads, however many stories the author has.
    """

    name = "readership"
    order = 150
    template_name = "stories/readership/admin/dashboard_panel.html"
    latest_stories = 10

    def __init__(self, request):
        self.request = request
        self.profile = None

    def render_html(self, parent_context=None):
        self.profile = permissions.own_profile(self.request.user)
        if self.profile is None:
            return ""
        today = reading_day()
        return mark_safe(  # noqa: S308 - our own template's output
            dashboard_cache.fragment(
                "panel",
                self.profile.pk,
                today,
                profiles=[self.profile.pk],
                render=lambda: Component.render_html(self, parent_context),
            )
        )

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        profile = self.profile
        live = StoryPage.objects.live().by_author(profile)
        # The latest stories only: all of them, with charts, are on My readership.
        stories = list(
            live.only("pk", "title", "first_published_at").order_by("-first_published_at", "-pk")[
                : self.latest_stories
            ]
        )
        hidden = live.count() - len(stories)
        totals = rollups.totals_by_story([story.pk for story in stories], reading_day())
        rows = [
            {"story": story, **(totals.get(story.pk) or rollups.empty_totals())}
            for story in stories
        ]
        context.update(profile=profile, rows=rows, hidden=hidden)
        return context


def add_readership_panel(request, panels):
    """construct_homepage_panels hook."""
    panels.append(ReadershipDashboardPanel(request))


class ReadershipEmailForm(forms.ModelForm):
    class Meta:
        model = ReadershipEmailPreference
        fields = ["weekly_digest"]


class ReadershipEmailSettingsPanel(BaseSettingsPanel):
    """Account > Notifications: the per-user opt-out of the weekly readership digest."""

    name = "readership_emails"
    title = _("Readership emails")
    tab = notifications_tab
    order = 160
    form_class = ReadershipEmailForm

    def is_active(self):
        return AuthorProfile.objects.filter(user=self.user).exists()

    def get_form(self):
        instance = ReadershipEmailPreference.objects.filter(
            user=self.user
        ).first() or ReadershipEmailPreference(user=self.user)
        kwargs = {"instance": instance, "prefix": self.name}
        if self.request.method == "POST":
            return self.form_class(self.request.POST, **kwargs)
        return self.form_class(**kwargs)
