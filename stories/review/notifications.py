"""Receivers of the story review workflow: notifications and coach handover.

Connected in StoriesConfig.ready(). Receivers are module-level (Django keeps weak references).

Notifications go to the people of the current step and the story's authors, nobody else.
Wagtail's own workflow emails go to whoever clicked submit and, for the
group step, use Wagtail's templates; for stories they are replaced here. Wagtail connects its
notifiers with fixed dispatch_uids in wagtail.admin's ready(); `stories` comes earlier in
INSTALLED_APPS, so connecting a dispatcher under the same uid first makes Django skip Wagtail's
(pages that are not stories are handed on to Wagtail's notifier unchanged).
"""

import logging

from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.admin import signal_handlers as wagtail_notifiers
from wagtail.admin.mail import EmailNotificationMixin, Notifier
from wagtail.admin.utils import get_user_display_name
from wagtail.log_actions import log
from wagtail.models import PageLogEntry, TaskState, WorkflowState
from wagtail.signals import (
    page_published,
    task_approved,
    task_rejected,
    task_submitted,
    workflow_approved,
    workflow_rejected,
    workflow_submitted,
)

from authors.roles import EDITORS_GROUP, active_members
from authors.signals import coach_changed, user_deactivated
from cms.mail import absolute_url, send_to_user
from stories.models import CoachReviewTaskState, StoryPage
from stories.review.status import last_approval_time

logger = logging.getLogger(__name__)


def _story_of(state):
    """The StoryPage a task or workflow state is about, or None for other objects."""
    workflow_state = state if isinstance(state, WorkflowState) else state.workflow_state
    obj = workflow_state.content_object
    specific = getattr(obj, "specific", obj)
    return specific if isinstance(specific, StoryPage) else None


def story_author_users(story):
    """Owner and co-authors, as saved and as in the latest draft (co-authors added to a live
    story's draft live only in its revision until publication)."""
    ids = story.author_user_ids() | story.get_latest_revision_as_object().author_user_ids()
    return list(get_user_model().objects.filter(pk__in=ids))


class StoryEmailNotifier(EmailNotificationMixin, Notifier):
    """Wagtail's email notifier (who wants which notification) with our own templates, sent
    through cms.mail so each recipient reads it in their own language."""

    template_directory = "stories/review/notifications/"

    def __init__(self, template_name, preference, recipients):
        super().__init__((object,))
        self.template_name = template_name
        # Which of Wagtail's per-user preferences (submitted/approved/rejected) applies.
        self.notification = preference
        self.recipients = recipients

    def get_template_set(self, instance, **kwargs):
        return {"base": self.template_directory + self.template_name}

    def send_emails(self, template_set, context, recipients, **kwargs):
        sent = 0
        for recipient in recipients:
            try:
                sent += send_to_user(recipient, template_set["base"], context)
            except Exception:
                # As Wagtail's notifier: one failed mail neither stops the others nor the
                # review action that sent them.
                logger.exception("Failed to send the %s mail", template_set["base"])
        return sent == len(recipients)

    def get_recipient_users(self, instance, **kwargs):
        return set(self.recipients(instance, **kwargs))

    def get_context(self, instance, **kwargs):
        context = super().get_context(instance, **kwargs)
        story = kwargs["story"]
        context.update(
            story=story,
            task_state=kwargs.get("task_state"),
            actor=kwargs.get("user"),
            note=kwargs.get("note", ""),
            comment=kwargs.get("comment", ""),
            edit_url=absolute_url(reverse("wagtailadmin_pages:edit", args=[story.pk])),
            live_url=story.full_url if story.live else "",
        )
        return context


def _reviewers(instance, **kwargs):
    return instance.task.specific.reviewers_for(instance)


def _editors(instance, **kwargs):
    return list(active_members(EDITORS_GROUP))


def _authors(instance, story=None, **kwargs):
    return story_author_users(story)


coach_review_requested = StoryEmailNotifier("coach_review_requested", "submitted", _reviewers)
coach_review_handed_over = StoryEmailNotifier("coach_review_handed_over", "submitted", _reviewers)
coach_review_fallback = StoryEmailNotifier("coach_review_fallback", "submitted", _reviewers)
editorial_review_requested = StoryEmailNotifier("editorial_review_requested", "submitted", _editors)
step_approved = StoryEmailNotifier("step_approved", "approved", _authors)
changes_requested = StoryEmailNotifier("changes_requested", "rejected", _authors)
story_published = StoryEmailNotifier("story_published", "approved", _authors)


# --- step 1: the coach review ----------------------------------------------------------------


def on_coach_review_submitted(sender, instance, user=None, **kwargs):
    story = _story_of(instance)
    if story is not None:
        coach_review_requested(
            instance, story=story, task_state=instance, user=user, note=instance.note
        )


# --- dispatchers that replace Wagtail's notifiers for stories ---------------------------------


def on_group_task_submitted(sender, instance, user=None, **kwargs):
    story = _story_of(instance)
    if story is None:
        return wagtail_notifiers.task_submission_email_notifier(
            sender=sender, instance=instance, user=user, **kwargs
        )
    editorial_review_requested(instance, story=story, task_state=instance, user=user)


def on_workflow_submitted(sender, instance, user=None, **kwargs):
    if _story_of(instance) is None:
        wagtail_notifiers.workflow_submission_email_notifier(
            sender=sender, instance=instance, user=user, **kwargs
        )


def on_workflow_rejected(sender, instance, user=None, **kwargs):
    if _story_of(instance) is None:
        wagtail_notifiers.workflow_rejection_email_notifier(
            sender=sender, instance=instance, user=user, **kwargs
        )


def on_workflow_approved(sender, instance, user=None, **kwargs):
    if _story_of(instance) is None:
        wagtail_notifiers.workflow_approval_email_notifier(
            sender=sender, instance=instance, user=user, **kwargs
        )


# --- every step: the authors hear about approvals, change requests and publication -----------


def on_task_approved(sender, instance, user=None, **kwargs):
    story = _story_of(instance)
    if story is not None:
        step_approved(
            instance, story=story, task_state=instance, user=user, comment=instance.comment
        )


def on_task_rejected(sender, instance, user=None, **kwargs):
    story = _story_of(instance)
    if story is not None:
        changes_requested(
            instance, story=story, task_state=instance, user=user, comment=instance.comment
        )


def on_story_published(sender, instance, revision=None, **kwargs):
    story = instance.specific if hasattr(instance, "specific") else instance
    if story.first_published_at != story.last_published_at and not _via_workflow(story, revision):
        # A live story republished outside a finished workflow: an editor's correction.
        publisher = (
            PageLogEntry.objects.filter(page=story, action="wagtail.publish")
            .order_by("-timestamp", "-pk")
            .values_list("user", flat=True)
            .first()
        )
        log(
            instance=story,
            action="stories.correction_published",
            user=get_user_model().objects.filter(pk=publisher).first() if publisher else None,
            revision=revision,
        )
    story_published(instance, story=story)


def _via_workflow(story, revision):
    """True if this publish is the end of an approved workflow run on this revision."""
    finished_at = last_approval_time(story)
    return bool(finished_at and revision and revision.created_at <= finished_at)


# --- coach pairing changes hand over the in-flight reviews -----------------------------------


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


def reviews_fall_back_to_coaches(sender, user, **kwargs):
    """A deactivated coach's in-flight reviews now belong to the Coaches group: tell them.

    The task already routes them there (CoachReviewTaskState.reviewer_is_group); without this
    mail nobody would learn that a review is waiting.
    """
    states = CoachReviewTaskState.objects.filter(
        status=TaskState.STATUS_IN_PROGRESS, assigned_coach=user
    ).select_related("workflow_state")
    for state in states:
        story = _story_of(state)
        if story is None:
            continue
        log(
            instance=story,
            action="stories.review_handed_over",
            user=None,
            data={"old_coach": _person(user), "new_coach": None},
            revision=state.revision,
        )
        coach_review_fallback(state, story=story, task_state=state, user=None, note=state.note)


def _person(user):
    if user is None:
        return None
    return {"id": user.pk, "name": get_user_display_name(user)}


def connect():
    task_submitted.connect(
        on_coach_review_submitted, sender=CoachReviewTaskState, dispatch_uid="stories_coach_review"
    )
    for state_class in (CoachReviewTaskState, TaskState):
        task_approved.connect(
            on_task_approved, sender=state_class, dispatch_uid=f"stories_approved_{state_class}"
        )
        task_rejected.connect(
            on_task_rejected, sender=state_class, dispatch_uid=f"stories_rejected_{state_class}"
        )
    # Same dispatch_uid and sender as wagtail.admin.signal_handlers: Wagtail's copies are skipped.
    task_submitted.connect(
        on_group_task_submitted,
        sender=TaskState,
        dispatch_uid="group_approval_task_submitted_email_notification",
    )
    workflow_submitted.connect(
        on_workflow_submitted,
        sender=WorkflowState,
        dispatch_uid="workflow_state_submitted_email_notification",
    )
    workflow_rejected.connect(
        on_workflow_rejected,
        sender=WorkflowState,
        dispatch_uid="workflow_state_rejected_email_notification",
    )
    workflow_approved.connect(
        on_workflow_approved,
        sender=WorkflowState,
        dispatch_uid="workflow_state_approved_email_notification",
    )
    page_published.connect(on_story_published, sender=StoryPage, dispatch_uid="stories_published")
    coach_changed.connect(hand_over_reviews, dispatch_uid="stories_hand_over_reviews")
    user_deactivated.connect(
        reviews_fall_back_to_coaches, dispatch_uid="stories_reviews_fall_back_to_coaches"
    )
