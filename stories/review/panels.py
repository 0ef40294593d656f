"""Dashboard panels and editor menu items: the review workflow, pitches and coaching."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import CharField, Q, Sum
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.admin.action_menu import SubmitForModerationMenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import Page, Task, TaskState, WorkflowState

from stories.models import (
    CoachReviewTask,
    CoachReviewTaskState,
    StoryCoAuthor,
    StoryDailyViews,
    StoryIndexPage,
    StoryPage,
)
from stories.permissions import StoryPermissionTester, story_relation_q
from stories.pipeline.board import coach_reply_days, coached_stories, is_overdue
from stories.readership import dashboard_cache
from stories.readership.permissions import own_profile
from stories.review.models import is_coach, is_editor, reviewable_task_states


class AwaitingReviewPanel(WorkflowObjectsToModeratePanel):
    """Wagtail's "Awaiting your review", oldest first, with the author's note and waiting time.

    Wagtail's panel asks per row for the specific task, the workflow's task list and (through
    the actions and the edit permission) the story's current task state, its co-authors and
    coach: about ten queries per story for a coach. Here those come in bulk, so the panel costs
    the same number of queries for 2 stories or 200. Only pages have a review workflow here.
    """

    template_name = "stories/admin/awaiting_review.html"
    order = 90

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        user = request.user
        context = {
            "request": request,
            "csrf_token": parent_context.get("csrf_token"),
            "states": [],
        }
        if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
            return context
        # Most dashboard views are by authors who review nothing: a light query tells, and
        # the wide one (four joined tables, prefetched pages) runs only when there is a row.
        reviewable = list(reviewable_task_states(user).order_by().values_list("pk", flat=True))
        if not reviewable:
            return context
        task_states = [
            state
            for state in TaskState.objects.filter(pk__in=reviewable)
            .select_related("revision", "revision__user", "workflow_state", "task")
            .prefetch_related(
                "revision__content_object", "revision__content_object__latest_revision"
            )
            .order_by("started_at", "pk")
            if isinstance(state.revision.content_object, Page)
        ]
        if not task_states:
            return context
        coach_states = {
            state.pk: state
            for state in CoachReviewTaskState.objects.filter(
                pk__in=[state.pk for state in task_states]
            ).select_related("assigned_coach")
        }
        tasks = {
            task.pk: task
            for task in Task.objects.filter(
                pk__in={state.task_id for state in task_states}
            ).specific()
        }
        page_ids = [state.revision.content_object.pk for state in task_states]
        authored, coached = _stories_related_to(user, page_ids)
        now = timezone.now()
        for state in task_states:
            obj = state.revision.content_object
            task = tasks[state.task_id]
            current = coach_states.get(state.pk, state)
            current.task = task
            workflow_state = state.workflow_state
            if workflow_state.current_task_state_id == state.pk:
                # What Wagtail's prefetch_workflow_states() sets: obj.current_workflow_state
                # and current_workflow_task_state answer without a query.
                workflow_state.current_task_state = current
                obj._current_workflow_states = [workflow_state]
            page_perms = obj.permissions_for_user(user)
            if isinstance(page_perms, StoryPermissionTester):
                page_perms.prime(is_author=obj.pk in authored, is_coach_of_story=obj.pk in coached)
            context["states"].append(
                {
                    "obj": obj,
                    "revision": state.revision,
                    "live_revision_id": obj.live_revision_id,
                    "task_state": state,
                    "actions": task.get_actions(obj, user),
                    "page_perms": page_perms,
                    "workflow_action_url_name": "wagtailadmin_pages:workflow_action",
                    "workflow_preview_url_name": (
                        "wagtailadmin_pages:workflow_preview" if obj.is_previewable else None
                    ),
                    "revisions_compare_url_name": "wagtailadmin_pages:revisions_compare",
                    "note": getattr(coach_states.get(state.pk), "note", ""),
                    "waiting": now - state.started_at,
                    "overdue": is_overdue(state.started_at, now),
                }
            )
        return context


def _stories_related_to(user, page_ids):
    """(ids the user (co-)authors, ids the user coaches) among page_ids: two queries at most.

    The same questions StoryPermissionTester asks per story, asked once for a listing.
    """
    pages = StoryPage.objects.filter(pk__in=page_ids)
    authored = set(
        pages.filter(Q(owner=user) | Q(co_authors__profile__user=user)).values_list("pk", flat=True)
    )
    coached = set()
    if is_coach(user):
        coached = set(pages.filter(story_relation_q(user)).values_list("pk", flat=True))
    return authored, coached


class WriteStoryPanel(Component):
    """One click from the dashboard to a new story under the index."""

    name = "write_story"
    template_name = "stories/admin/write_story_panel.html"
    order = 50

    def __init__(self, story_index):
        self.story_index = story_index

    def get_context_data(self, parent_context):
        return {
            "add_url": reverse(
                "wagtailadmin_pages:add", args=["stories", "storypage", self.story_index.pk]
            )
        }


class StoryState:
    DRAFT = _("Draft")
    WITH_COACH = _("With your coach")
    WITH_EDITOR = _("With the editors")
    CHANGES_REQUESTED = _("Changes requested")
    SCHEDULED = _("Scheduled")
    LIVE = _("Live")
    LIVE_WITH_DRAFT = _("Live (draft changes)")


def my_stories(user):
    """The user's stories with their workflow state and last reviewer comment (3 queries).

    Rows are plain dicts (no page objects): an author may have hundreds of stories. Owned
    and co-authored stories are two indexed branches of one UNION (an OR of the two scanned
    every page: 12 ms of 5,000 pages at the bench scale), and the workflow queries take the
    ids as a subquery, not a list of hundreds of parameters. The panel caches the result.
    """
    co_authored_ids = StoryCoAuthor.objects.filter(profile__user=user).values("page_id")
    fields = ("pk", "title", "draft_title", "live", "has_unpublished_changes")
    fields += ("latest_revision_created_at", "_approved_schedule")
    owned = StoryPage.objects.filter(owner=user)
    co_authored = StoryPage.objects.filter(pk__in=co_authored_ids).exclude(owner=user)
    stories = list(
        # Two indexed branches in one UNION: an OR of owner and co-author scans every page.
        owned.annotate_approved_schedule()
        .values(*fields)
        .union(co_authored.annotate_approved_schedule().values(*fields), all=True)
        .order_by("-latest_revision_created_at", "-pk")
    )
    if not stories:
        return []
    # Workflow states name their object by a text id.
    story_ids = owned.values("pk").union(co_authored_ids)
    text_ids = Page.objects.filter(pk__in=story_ids).values(text_id=Cast("pk", CharField()))
    page_type = ContentType.objects.get_for_model(Page)
    coach_task_type = ContentType.objects.get_for_model(CoachReviewTask)
    current = {
        state.object_id: state
        for state in WorkflowState.objects.active()
        .filter(base_content_type=page_type, object_id__in=text_ids)
        .select_related("current_task_state__task")
    }
    comments = {}
    for state in (
        TaskState.objects.filter(
            workflow_state__base_content_type=page_type,
            workflow_state__object_id__in=text_ids,
            finished_at__isnull=False,
        )
        .exclude(comment="")
        .select_related("finished_by", "workflow_state")
        .order_by("finished_at")
    ):
        comments[state.workflow_state.object_id] = state
    edit_url = reverse("wagtailadmin_pages:edit", args=[0])
    rows = []
    for story in stories:
        workflow_state = current.get(str(story["pk"]))
        if workflow_state and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            label = StoryState.CHANGES_REQUESTED
        elif workflow_state and workflow_state.current_task_state:
            task = workflow_state.current_task_state.task
            coach_step = task.content_type_id == coach_task_type.pk
            label = StoryState.WITH_COACH if coach_step else StoryState.WITH_EDITOR
        elif story["_approved_schedule"]:
            label = StoryState.SCHEDULED
        elif story["live"]:
            label = (
                StoryState.LIVE_WITH_DRAFT if story["has_unpublished_changes"] else StoryState.LIVE
            )
        else:
            label = StoryState.DRAFT
        rows.append(
            {
                "pk": story["pk"],
                # Page.get_admin_display_title(), without building a page object per row.
                "title": story["draft_title"] or story["title"],
                # One reverse() for all rows: only the id differs.
                "edit_url": edit_url.replace("/0/", f"/{story['pk']}/"),
                "state": label,
                "comment": comments.get(str(story["pk"])),
            }
        )
    return rows


class MyStoriesPanel(Component):
    """An author's stories: where each one is and what the last reviewer said."""

    name = "my_stories"
    template_name = "stories/admin/my_stories_panel.html"
    order = 60

    # Published stories beyond these are one click away (My readership lists them all).
    recent_live = 5

    def render_html(self, parent_context=None):
        """Cached per user until a story, a revision or a review step changes anywhere.

        An author with hundreds of stories costs 3 queries and ~25 ms to list; the cache
        (dashboard_cache's site token, renewed by those changes) makes a dashboard view one
        cache read. The rows hold only the user's own stories, so the key is the user.
        """
        request = parent_context["request"]
        return mark_safe(  # noqa: S308 - our own template's output
            dashboard_cache.fragment(
                "my-stories",
                request.user.pk,
                timezone.localdate(),
                render=lambda: super(MyStoriesPanel, self).render_html(parent_context),
            )
        )

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        rows, live_shown = [], 0
        all_rows = my_stories(request.user)
        for row in all_rows:
            # Every story that still needs something is shown; of the finished ones, the latest.
            if row["state"] != StoryState.LIVE:
                rows.append(row)
            elif live_shown < self.recent_live:
                rows.append(row)
                live_shown += 1
        return {"rows": rows, "hidden": len(all_rows) - len(rows), "request": request}


class SubmitToCoachMenuItem(SubmitForModerationMenuItem):
    """Wagtail's submit button, named for what it does: the story goes to the coach first.

    When changes were requested, the edit view restarts the workflow (see wagtail_hooks), so
    the label never says "Resubmit to Editorial review".
    """

    label = _("Submit to my coach")

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["label"] = self.label
        return context


def is_story_context(context):
    page = context.get("page")
    if isinstance(page, StoryPage):
        return True
    return isinstance(getattr(context.get("parent_page"), "specific", None), StoryIndexPage)


def author_without_editor_rights(user):
    return not is_editor(user)


class CoachImpactPanel(Component):
    """A coach's own figures: stories coached (live) and the readers those stories reached."""

    name = "coach_impact"
    order = 170
    template_name = "stories/admin/coach_impact_panel.html"

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
    template_name = "stories/admin/coach_reply_time_panel.html"

    def __init__(self, profile):
        self.profile = profile

    # A median over the coach's last reviews: minutes of staleness change nothing, and every
    # dashboard view of a paired author would otherwise ask twice (the coach, the median).
    cache_seconds = 600

    def get_context_data(self, parent_context=None):
        def compute():
            coach = self.profile.coach
            return {
                "coach_name": coach.get_full_name() or coach.get_username(),
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
