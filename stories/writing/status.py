"""Where a story is, in the author's words: "With Clara Weiss since 7 December 2026".

The stage comes from stories.review.status (the one answer for every view); this module only
names who holds the story and since when, for My stories and the editor's header (the lock
message Wagtail shows to everyone who may not edit the story while it is reviewed).
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from wagtail.admin.utils import get_user_display_name
from wagtail.locks import WorkflowLock

from stories.review.coach_task import CoachReviewTaskState
from stories.review.status import is_coach_step


def _since(task_state):
    return date_format(timezone.localtime(task_state.started_at), "DATE_FORMAT")


def with_whom(task_state, coach_state=None):
    """The sentence for a story whose review step `task_state` is in progress.

    `coach_state` is the step's CoachReviewTaskState when the caller already has it (lists
    read them in one query); otherwise it is read here.
    """
    since = _since(task_state)
    if not is_coach_step(task_state):
        return gettext("With the editors since %(date)s") % {"date": since}
    if coach_state is None:
        coach_state = task_state.specific
    if coach_state.reviewer_is_group:
        return gettext("With the coaches since %(date)s") % {"date": since}
    return gettext("With %(name)s since %(date)s") % {
        "name": get_user_display_name(coach_state.assigned_coach),
        "date": since,
    }


def holders(workflow_states):
    """{object id: "With … since …"} for workflow states in progress (one query for coaches)."""
    steps = {
        state.object_id: state.current_task_state
        for state in workflow_states
        if state.status == state.STATUS_IN_PROGRESS and state.current_task_state is not None
    }
    coach_step_ids = [step.pk for step in steps.values() if is_coach_step(step)]
    coach_states = (
        CoachReviewTaskState.objects.select_related("assigned_coach").in_bulk(coach_step_ids)
        if coach_step_ids
        else {}
    )
    return {
        object_id: with_whom(step, coach_states.get(step.pk)) for object_id, step in steps.items()
    }


class StoryReviewLock(WorkflowLock):
    """Wagtail's review lock, with a message that says who has the story and since when."""

    def get_message(self, user):
        if not self.for_user(user):
            return None
        task_state = self.object.current_workflow_task_state
        if task_state is None:
            return super().get_message(user)
        return gettext(
            "%(with_whom)s. You can read it here; you can change it again when it comes back "
            "to you."
        ) % {"with_whom": with_whom(task_state, task_state)}

    def get_locked_by(self, user, can_lock=False):
        if can_lock:
            return super().get_locked_by(user, can_lock)
        return gettext("Locked while the story is in review")

    def get_description(self, user, can_lock=False):
        if can_lock:
            return super().get_description(user, can_lock)
        return gettext("Only the coach or the editors reviewing it can change the story now.")


def story_lock(page, lock):
    """The page's lock, its review lock worded for stories; other locks unchanged."""
    if type(lock) is WorkflowLock:
        return StoryReviewLock(lock.object, lock.task)
    return lock
