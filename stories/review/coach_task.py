"""The coach review step of the "Story review" workflow: who reviews it (the coach routing).

Step 1 is reviewed by the author's own coach, recorded on the task state when the step starts
so that later pairing changes do not silently move in-flight reviews (a coach change hands
them over explicitly, see stories.review.notifications). Without an active coach, the Coaches group
reviews the story: a story is never stuck.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Task, TaskState

from authors.roles import (
    COACHES_GROUP,
    active_coaches,
    active_members,
    cached_groups,
    current_coach,
    is_coach,
    is_editor,
    is_staff_coach,
)
from stories.forms import pending_coach_note


def current_coach_for(page):
    """The coach who should review this story now, or None for the Coaches-group fallback."""
    owner = page.owner
    return current_coach(getattr(owner, "author_profile", None) if owner else None)


def coach_reviews_of(user):
    """The coach steps `user` reviews: theirs, and the group's; none once out of Coaches.

    An agency coach reviews only the steps assigned to them: the group's fallback reviews are
    other authors' drafts.
    """
    if not is_coach(user):
        return Q(pk__in=[])
    assigned = Q(coachreviewtaskstate__assigned_coach=user)
    if not is_staff_coach(user):
        return assigned
    return (
        assigned
        | Q(coachreviewtaskstate__assigned_coach__isnull=True)
        | ~Q(coachreviewtaskstate__assigned_coach__in=active_coaches().values("pk"))
    )


class CoachReviewTaskState(TaskState):
    """A coach review in progress or done: who was assigned and the author's note."""

    assigned_coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coach_review_task_states",
        verbose_name=_("assigned coach"),
        help_text=_("Empty: the Coaches group reviews (no active coach when the step started)."),
    )
    note = models.TextField(_("note for the coach"), blank=True)

    class Meta:
        verbose_name = _("coach review task state")
        verbose_name_plural = _("coach review task states")

    def save(self, *args, **kwargs):
        # Task.start() saves a fresh state and fires task_submitted right after: record the
        # reviewer and the note here so the notification already knows both.
        if self._state.adding and not self.finished_at:
            if self.assigned_coach_id is None:
                page = self.workflow_state.content_object
                self.assigned_coach = current_coach_for(page.specific)
            if not self.note:
                self.note = pending_coach_note.get()
                pending_coach_note.set("")
        super().save(*args, **kwargs)

    @property
    def reviewer_is_group(self):
        # is_coach checks membership and is_active: a coach out of the group reviews nothing.
        coach = self.assigned_coach
        return coach is None or not is_coach(coach)

    def user_is_reviewer(self, user):
        if not user.is_active:
            return False
        if user.is_superuser:
            return True
        # Cheap checks first: the user's groups are cached, the assigned coach's are not.
        if not is_coach(user):
            return False
        if user.pk == self.assigned_coach_id:
            return True
        return self.reviewer_is_group and is_staff_coach(user)

    def get_comment(self):
        return self.comment


class CoachReviewTask(Task):
    """Only the author's current coach may approve or request changes (the group on fallback)."""

    task_state_class = CoachReviewTaskState

    class Meta:
        verbose_name = _("coach review")
        verbose_name_plural = _("coach reviews")

    @classmethod
    def get_description(cls):
        return _("The author's writing coach reviews the story (the Coaches group if none).")

    def _current_state(self, obj):
        state = obj.current_workflow_task_state
        if state is None or state.task_id != self.pk:
            return None
        return state if isinstance(state, CoachReviewTaskState) else state.specific

    def user_is_reviewer(self, obj, user):
        state = self._current_state(obj)
        return bool(state and state.user_is_reviewer(user))

    def user_can_access_editor(self, obj, user):
        return self.user_is_reviewer(obj, user)

    def locked_for_user(self, obj, user):
        # While the coach reviews, the text holds still for everyone else but editors.
        return not (self.user_is_reviewer(obj, user) or is_editor(user))

    def get_actions(self, obj, user):
        # Wagtail's actions under the coach's words (the review queue's dropdown, the action
        # modal's heading and button): the names, and so the behaviour, stay Wagtail's.
        if self.user_is_reviewer(obj, user):
            return [
                ("reject", _("Ask for changes"), True),
                ("approve", _("Send to the editors"), False),
                ("approve", _("Send to the editors with a comment"), True),
            ]
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = TaskState.objects.filter(task=self, status=TaskState.STATUS_IN_PROGRESS)
        if not user.is_active:
            return states.none()
        if user.is_superuser:
            return states
        return states.filter(coach_reviews_of(user))

    def reviewers_for(self, task_state):
        """The users to notify of a new review: the assigned coach, or the Coaches group."""
        if not task_state.reviewer_is_group:
            return [task_state.assigned_coach]
        return list(active_members(COACHES_GROUP))


def reviewable_task_states(user):
    """`TaskState.objects.reviewable_by(user)` in one query plus one for the active tasks.

    Wagtail asks each active task (as its specific class, two more queries) and each group
    approval task once more whether the user is in its groups: six queries and ~20 ms for
    every dashboard view, most of them by authors who review nothing. For the two task types
    this project uses, the same rules are one query; any other task type falls back to
    Wagtail's method (tests compare both for every role).
    """
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import GroupApprovalTask

    active = dict(Task.objects.filter(active=True).values_list("pk", "content_type_id"))
    group_type = ContentType.objects.get_for_model(GroupApprovalTask).pk
    coach_type = ContentType.objects.get_for_model(CoachReviewTask).pk
    if not set(active.values()) <= {group_type, coach_type}:
        return TaskState.objects.reviewable_by(user)
    in_progress = TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS)
    if user.is_superuser:
        return in_progress.filter(task_id__in=list(active))
    group_tasks = [pk for pk, type_id in active.items() if type_id == group_type]
    coach_tasks = [pk for pk, type_id in active.items() if type_id == coach_type]
    groups = [group.pk for group in cached_groups(user)]
    reviewable = Q(
        task_id__in=GroupApprovalTask.objects.filter(pk__in=group_tasks, groups__in=groups)
        .values("pk")
        .distinct()
    )
    if user.is_active and coach_tasks:
        # CoachReviewTask.get_task_states_user_can_moderate, for all coach tasks at once.
        reviewable |= Q(task_id__in=coach_tasks) & coach_reviews_of(user)
    return in_progress.filter(reviewable)
