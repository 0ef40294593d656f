"""The review queue on the dashboard: "Awaiting your review"."""

import functools

from django.conf import settings
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import Q
from django.template import Context, Template
from django.utils import timezone
from django.utils.safestring import mark_safe
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import Page, Task, TaskState

from authors.roles import is_coach
from stories.models import CoachReviewTaskState, StoryPage
from stories.permissions import StoryPermissionTester, story_relation_q
from stories.pipeline.board import is_overdue
from stories.review.coach_task import reviewable_task_states


class AwaitingReviewPanel(WorkflowObjectsToModeratePanel):
    """Wagtail's "Awaiting your review", oldest first, with the author's note and waiting time.

    Wagtail's panel asks per row for the specific task, the workflow's task list and (through
    the actions and the edit permission) the story's current task state, its co-authors and
    coach: about ten queries per story for a coach. Here those come in bulk, so the panel costs
    the same number of queries for 2 stories or 200. Only pages have a review workflow here.
    """

    template_name = "stories/review/admin/awaiting_review.html"
    order = 90

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        context = {
            "request": request,
            "csrf_token": parent_context.get("csrf_token"),
            "states": [],
        }
        if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
            return context
        task_states = _waiting_task_states(request.user)
        if task_states:
            context["states"] = _review_rows(request.user, task_states)
            context["dropdown_open"], context["dropdown_close"] = _actions_dropdown()
        return context


# Wagtail's {% dropdown %} renders its template (and an icon's) anew for every row: the same
# markup around different buttons. Rendered once with a marker, it is cut in two around it.
_DROPDOWN = (
    "{% load i18n wagtailadmin_tags %}"
    '{% dropdown toggle_icon="dots-horizontal" toggle_aria_label=_("Actions")'
    " hide_on_click=True keep_mounted=True %}\x00{% enddropdown %}"
)


@functools.cache
def _dropdown_template():
    return Template(_DROPDOWN)


def _actions_dropdown():
    """(opening, closing) HTML of a row's actions dropdown, in the active language."""
    before, after = _dropdown_template().render(Context()).split("\x00")
    return mark_safe(before), mark_safe(after)  # noqa: S308 - Wagtail's own template's output


def _waiting_task_states(user):
    """The task states this user may act on, oldest first, with their pages (or [])."""
    # Most dashboard views are by authors who review nothing: a light query tells, and
    # the wide one (four joined tables, prefetched pages) runs only when there is a row.
    reviewable = list(reviewable_task_states(user).order_by().values_list("pk", flat=True))
    if not reviewable:
        return []
    # Each row needs the revision's id and user, never its content (a JSON document per
    # story, decoded for nothing); the story's title is its draft_title (get_latest_str() of
    # a page), so neither its latest revision nor its body is loaded.
    stories = StoryPage.objects.defer("body")
    return [
        state
        for state in TaskState.objects.filter(pk__in=reviewable)
        .select_related("revision", "revision__user", "workflow_state", "task")
        .defer("revision__content")
        .prefetch_related(
            GenericPrefetch("revision__content_object", [stories]),
        )
        .order_by("started_at", "pk")
        if isinstance(state.revision.content_object, Page)
    ]


def _review_rows(user, task_states):
    """One row per waiting review: the story, its actions for this user, the author's note."""
    coach_states = {
        state.pk: state
        for state in CoachReviewTaskState.objects.filter(
            pk__in=[state.pk for state in task_states]
        ).select_related("assigned_coach")
    }
    tasks = {
        task.pk: task
        for task in Task.objects.filter(pk__in={state.task_id for state in task_states}).specific()
    }
    page_ids = [state.revision.content_object.pk for state in task_states]
    authored, coached = _stories_related_to(user, page_ids)
    now = timezone.now()
    rows = []
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
        rows.append(
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
    return rows


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
