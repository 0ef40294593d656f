"""Remind whoever a story waits on: the coach after the due days, editors after twice that.

Runs daily from the scheduler; safe to run more often: each review step gets at most one
reminder per day (ReviewReminder's unique constraint decides).
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.models import TaskState, WorkflowState

from cms.mail import absolute_url, send_to_users
from stories.models import CoachReviewTaskState, ReviewReminder, StoryPage
from stories.pipeline.board import due_days
from stories.pitches.triage import editors
from stories.review.status import is_coach_step, page_content_type


def _coach_recipients(task_state):
    """Whoever reviews this coach step: the assigned coach, or the Coaches group on fallback."""
    return [user for user in task_state.task.specific.reviewers_for(task_state) if user.email]


class Command(BaseCommand):
    help = "Email reminders for overdue review steps (at most one per step per day)."

    def handle(self, *args, **options):
        now = timezone.now()
        limit = timedelta(days=due_days())
        states = list(
            WorkflowState.objects.filter(
                base_content_type=page_content_type(),
                status=WorkflowState.STATUS_IN_PROGRESS,
                current_task_state__status=TaskState.STATUS_IN_PROGRESS,
                current_task_state__started_at__lt=now - limit,
            ).select_related("current_task_state")
        )
        # Coach steps carry their assigned coach on the specific task state.
        coach_states = CoachReviewTaskState.objects.select_related(
            "assigned_coach", "task"
        ).in_bulk([state.current_task_state_id for state in states])
        stories = StoryPage.objects.select_related("owner__author_profile__coach").in_bulk(
            [int(state.object_id) for state in states]
        )
        editor_list = [user for user in editors() if user.email]
        sent = 0
        for state in states:
            story = stories.get(int(state.object_id))
            if story is None:
                continue
            task_state = coach_states.get(state.current_task_state_id, state.current_task_state)
            waited = now - task_state.started_at
            if is_coach_step(task_state):
                recipients = _coach_recipients(task_state)
                if waited > 2 * limit:
                    recipients += editor_list
            else:
                recipients = list(editor_list)
            recipients = list({user.pk: user for user in recipients}.values())
            if not recipients or not self._claim(task_state, now, len(recipients)):
                continue
            context = {
                "story": story,
                "days": waited.days,
                "edit_url": absolute_url(reverse("wagtailadmin_pages:edit", args=[story.pk])),
            }
            send_to_users(recipients, "stories/review/emails/review_reminder", context)
            sent += 1
        self.stdout.write(f"{sent} reminder(s) sent")

    def _claim(self, task_state, now, recipients):
        """True if no reminder went out for this step today (and records this one)."""
        try:
            with transaction.atomic():
                ReviewReminder.objects.create(
                    task_state=task_state, sent_on=timezone.localdate(now), recipients=recipients
                )
        except IntegrityError:
            return False
        return True
