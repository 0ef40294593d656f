"""Where is a story in its review? One answer for the pipeline board, My stories and the
reminders: draft, with the coach, with the editors, changes requested, scheduled, live.

A step is the coach's when its task is a coach review task (by type, not by its position in
the workflow: an editor may add, remove or reorder steps without moving stories around).
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, WorkflowState

from stories.review.coach_task import CoachReviewTaskState


class ReviewStage(models.TextChoices):
    DRAFT = "draft", _("Draft")
    WITH_COACH = "coach", _("With coach")
    WITH_EDITORS = "editor", _("With editor")
    CHANGES_REQUESTED = "changes", _("Changes requested")
    SCHEDULED = "scheduled", _("Scheduled")
    LIVE = "live", _("Live")


def page_content_type():
    """Workflow states and revisions of pages point at the base Page content type."""
    return ContentType.objects.get_for_model(Page)


def is_coach_step(task_state):
    """True if this task state is a coach review (its specific type, cached by Django)."""
    return task_state.content_type_id == (
        ContentType.objects.get_for_model(CoachReviewTaskState).pk
    )


def review_stage(workflow_state, *, scheduled=False, live=False):
    """The stage of a story given its current workflow state (or None) and its page flags."""
    if workflow_state is not None:
        if workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            return ReviewStage.CHANGES_REQUESTED
        task_state = workflow_state.current_task_state
        if workflow_state.status == WorkflowState.STATUS_IN_PROGRESS and task_state is not None:
            return ReviewStage.WITH_COACH if is_coach_step(task_state) else ReviewStage.WITH_EDITORS
    if scheduled:
        return ReviewStage.SCHEDULED
    if live:
        return ReviewStage.LIVE
    return ReviewStage.DRAFT


def last_approval_time(page):
    """When the page's latest review run finished approved, or None (not approved, running,
    or never reviewed). Publishing checks it, and so does telling a correction from a review."""
    workflow_state = (
        WorkflowState.objects.filter(
            base_content_type=page.get_base_content_type(), object_id=str(page.pk)
        )
        .select_related("current_task_state")
        .order_by("-created_at", "-pk")
        .first()
    )
    if workflow_state is None or workflow_state.status != WorkflowState.STATUS_APPROVED:
        return None
    task_state = workflow_state.current_task_state
    return task_state.finished_at if task_state else None
