"""A coach change hands the author's reviews in flight to the new coach (or the Coaches group).

authors/pairing.py changes the pairing and sends `coach_changed`; a coach who leaves (group removal,
deactivation, erasure) sends `coach_left`. These receivers (connected with the review's others in
stories.review.notifications.connect()) move the waiting coach steps, log it on the story and
mail whoever reviews now.
"""

from wagtail.admin.utils import get_user_display_name
from wagtail.log_actions import log
from wagtail.models import TaskState

from stories.models import CoachReviewTaskState, StoryPage
from stories.review.notifications import (
    _story_of,
    coach_left_author,
    coach_review_fallback,
    coach_review_handed_over,
)


def hand_over_reviews(sender, profile, old_coach, new_coach, changed_by=None, **kwargs):
    """Move the author's stories in the coach step to the new coach (or the Coaches group)."""
    states = CoachReviewTaskState.objects.filter(
        status=TaskState.STATUS_IN_PROGRESS,
        workflow_state__object_id__in=[
            str(pk)
            for pk in StoryPage.objects.filter(owner=profile.user).values_list("pk", flat=True)
        ],
    ).select_related("workflow_state")
    for state in states:
        if state.assigned_coach_id == (new_coach.pk if new_coach else None):
            continue
        previous = state.assigned_coach
        state.assigned_coach = new_coach
        state.save(update_fields=["assigned_coach"])
        story = _story_of(state)
        log(
            instance=story,
            action="stories.review_handed_over",
            user=changed_by,
            data={
                "old_coach": _person(previous),
                "new_coach": _person(new_coach),
            },
            revision=state.revision,
        )
        coach_review_handed_over(
            state, story=story, task_state=state, user=changed_by, note=state.note
        )


def reviews_fall_back_to_coaches(sender, user, changed_by=None, **kwargs):
    """A coach left (group removal, deactivation, erasure): their waiting reviews go to the
    Coaches group, recorded on the task state so the routing and every name follow.

    Without the mails nobody would learn that a review is waiting, and the author would
    still believe their coach has it.
    """
    states = CoachReviewTaskState.objects.filter(
        status=TaskState.STATUS_IN_PROGRESS, assigned_coach=user
    ).select_related("workflow_state")
    for state in states:
        state.assigned_coach = None
        state.save(update_fields=["assigned_coach"])
        story = _story_of(state)
        if story is None:
            continue
        log(
            instance=story,
            action="stories.review_handed_over",
            user=changed_by,
            data={"old_coach": _person(user), "new_coach": None},
            revision=state.revision,
        )
        context = {"story": story, "task_state": state, "user": changed_by, "note": state.note}
        coach_review_fallback(state, **context)
        coach_left_author(state, former_coach=get_user_display_name(user), **context)


def _person(user):
    if user is None:
        return None
    return {"id": user.pk, "name": get_user_display_name(user)}
