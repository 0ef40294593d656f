"""Plain Django views and page sections of the stories app."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.auth import require_admin_access
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView

from authors.models import AuthorProfile
from cms import ratelimit
from stories.forms import PitchForm
from stories.models import StoryPage
from stories.models.workflow import is_coach, is_editor
from stories.pipeline import build_board, coach_reply_days, coached_stories, due_days
from stories.pitching import notify_editors_of_pitch


def author_stories_section(request, profile):
    """The "Stories" section of an author's hero page: their live stories this reader may see."""
    stories = (
        StoryPage.objects.listable_for(request.user)
        .by_author(profile)
        .with_listing_relations()
        .order_by("-first_published_at")
    )
    return {"template": "stories/author_stories_section.html", "stories": stories}


class EditorsOnlyPageTypesUsageReportView(PageTypesUsageReportView):
    """Wagtail's page types usage report names the last edited page of each type across the
    whole tree (draft titles included), without asking the page policy: editors only."""

    def dispatch(self, request, *args, **kwargs):
        if not is_editor(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


# Mounted in cms/urls.py over Wagtail's own URLs (same paths, earlier in the list).
page_types_usage_report = require_admin_access(EditorsOnlyPageTypesUsageReportView.as_view())
page_types_usage_report_results = require_admin_access(
    EditorsOnlyPageTypesUsageReportView.as_view(results_only=True)
)


def coached_stories_section(request, profile):
    """The "Stories I coached" section of a coach's hero page (unless they opted out)."""
    if not profile.credit_as_coach:
        return None
    stories = (
        coached_stories(profile.user)
        .listable_for(request.user)
        .with_listing_relations()
        .order_by("-first_published_at")
    )
    if not stories:
        return None
    return {"template": "stories/coached_stories_section.html", "stories": stories}


@login_required
def pitch_story(request):
    """/pitch/: any logged-in employee pitches a story in a minute."""
    form = PitchForm(request.POST or None, initial=_pitch_initial(request.user))
    if request.method == "POST":
        allowed = ratelimit.hit(
            "pitch",
            ratelimit.hashed_key("user", request.user.pk),
            limit=settings.STORYWERK_PITCHES_PER_HOUR,
            window=3600,
        )
        if not allowed:
            return render(request, "stories/pitches/rate_limited.html", {"form": form}, status=429)
        if form.is_valid():
            pitch = form.save(commit=False)
            pitch.submitted_by = request.user
            pitch.save()
            transaction.on_commit(lambda: notify_editors_of_pitch(pitch))
            return redirect("pitch_thanks")
    return render(request, "stories/pitches/pitch_form.html", {"form": form})


@login_required
def pitch_thanks(request):
    profile = AuthorProfile.objects.filter(user=request.user).select_related("coach").first()
    coach = profile.coach if profile else None
    return render(
        request,
        "stories/pitches/pitch_thanks.html",
        {"coach": coach, "reply_days": coach_reply_days(coach)},
    )


def _pitch_initial(user):
    profile = AuthorProfile.objects.filter(user=user).only("department_id").first()
    return {"department": profile.department_id} if profile else {}


def can_see_pipeline(user):
    return is_editor(user) or is_coach(user)


class PipelineBoardView(WagtailAdminTemplateMixin, TemplateView):
    """Admin: every story from pitch to published, for editors (all) and coaches (theirs).

    Two renderings of the same data: a board of columns and, for screen readers and small
    screens, one table (?view=list). Plain HTML and CSS, no script.
    """

    template_name = "stories/admin/pipeline_board.html"
    page_title = _("Pipeline")
    header_icon = "list-ul"

    def dispatch(self, request, *args, **kwargs):
        if not can_see_pipeline(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        columns = build_board(self.request.user)
        return super().get_context_data(
            columns=columns,
            as_list=self.request.GET.get("view") == "list",
            due_days=due_days(),
            overdue_count=sum(card.overdue for _key, _label, cards in columns for card in cards),
            **kwargs,
        )


class PipelineMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_pipeline(request.user)


def pipeline_urls():
    return [path("pipeline/", PipelineBoardView.as_view(), name="stories_pipeline")]


def pipeline_menu_item():
    return PipelineMenuItem(
        _("Pipeline"), reverse("stories_pipeline"), icon_name="list-ul", order=240
    )
