"""Receivers of the story review workflow: notifications and coach handover.

Connected in StoriesConfig.ready(). Receivers are module-level (Django keeps weak references).

Notifications go to the people of the current step and the story's authors, nobody else.
Wagtail's own workflow emails go to whoever clicked submit and, for the
group step, use Wagtail's templates; for stories they are replaced here. Wagtail connects its
notifiers with fixed dispatch_uids in wagtail.admin's ready(); `stories` comes earlier in
INSTALLED_APPS, so connecting a dispatcher under the same uid first makes Django skip Wagtail's
(pages that are not stories are handed on to Wagtail's notifier unchanged).
"""

import contextlib
import contextvars
import copy
import logging

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from wagtail.admin import signal_handlers as wagtail_notifiers
from wagtail.admin.mail import EmailNotificationMixin, Notifier
from wagtail.log_actions import log
from wagtail.models import PageLogEntry, Revision, TaskState, WorkflowState
from wagtail.signals import (
    page_published,
    task_approved,
    task_rejected,
    task_submitted,
    workflow_approved,
    workflow_rejected,
    workflow_submitted,
)
from wagtail.workflows import publish_workflow_state

from authors.roles import EDITORS_GROUP, active_members
from authors.signals import coach_changed, coach_left
from cms.mail import absolute_url, send_to_user
from cms.plain_text import one_line
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


# Demo content is seeded without telling anyone: the demo people have real-looking addresses.
_muted = contextvars.ContextVar("story_notifications_muted", default=False)


@contextlib.contextmanager
def notifications_muted():
    """No story notification mail while this block runs (seeding demo content)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


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

    def __call__(self, *args, **kwargs):
        if _muted.get():
            return False
        return super().__call__(*args, **kwargs)

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
        story = _with_one_line_titles(kwargs["story"])
        context.update(
            story=story,
            task_state=kwargs.get("task_state"),
            actor=kwargs.get("user"),
            note=kwargs.get("note", ""),
            comment=kwargs.get("comment", ""),
            former_coach=kwargs.get("former_coach", ""),
            edit_url=absolute_url(reverse("wagtailadmin_pages:edit", args=[story.pk])),
            live_url=story.full_url if story.live else "",
        )
        return context


def _with_one_line_titles(story):
    """A copy of `story` whose titles fit a mail subject (a line break there stopped the mail).

    Titles saved before the editor refused line breaks still carry them; the copy keeps the
    caller's instance unchanged.
    """
    story = copy.copy(story)
    story.title = one_line(story.title)
    story.draft_title = one_line(story.draft_title or story.title)
    return story


def _reviewers(instance, **kwargs):
    return instance.task.specific.reviewers_for(instance)


def _editors(instance, **kwargs):
    return list(active_members(EDITORS_GROUP))


def _authors(instance, story=None, **kwargs):
    return story_author_users(story)


coach_review_requested = StoryEmailNotifier("coach_review_requested", "submitted", _reviewers)
coach_review_handed_over = StoryEmailNotifier("coach_review_handed_over", "submitted", _reviewers)
coach_review_fallback = StoryEmailNotifier("coach_review_fallback", "submitted", _reviewers)
coach_left_author = StoryEmailNotifier("coach_left_author", "submitted", _authors)
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
    if story is not None and not _sent_back_to_the_coach(instance):
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
    if not story.live or (revision is not None and story.live_revision_id != revision.pk):
        # Wagtail also sends page_published when it *schedules* a revision: the authors hear
        # when the scheduler really publishes it (this receiver again, with the live link).
        return
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


# --- the end of the review: publish what the reviewers saw ----------------------------------


def publish_reviewed_revision(workflow_state, user=None):
    """The final approval's action: publish the latest revision if the reviewers saw it.

    Wagtail publishes the latest revision, whoever saved it. A revision saved after the coach
    approved by anyone but an editor (the last step's reviewers: their corrections are what
    they approve) is text the coach never saw: the story goes back to the coach with it.
    """
    story = _story_of(workflow_state)
    if story is None or not unreviewed_revisions(workflow_state, story).exists():
        return publish_workflow_state(workflow_state, user=user)
    # A fresh run (as Wagtail's "restart workflow" does), so that the editors review again
    # too; this one ends cancelled, not approved. It is still the author's review request.
    workflow_state.status = WorkflowState.STATUS_CANCELLED
    workflow_state.save(update_fields=["status"])
    restarted = workflow_state.workflow.start(story, workflow_state.requested_by)
    log(
        instance=story,
        action="stories.review_restarted",
        user=user,
        revision=restarted.current_task_state.revision,
    )


def unreviewed_revisions(workflow_state, story):
    """Revisions saved after the coach approved, by someone who is not an editor."""
    coach_approved_at = (
        CoachReviewTaskState.objects.filter(
            workflow_state=workflow_state, status=TaskState.STATUS_APPROVED
        )
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
    if coach_approved_at is None:
        return Revision.page_revisions.none()
    editors = get_user_model().objects.filter(
        Q(is_superuser=True) | Q(groups__name=EDITORS_GROUP), is_active=True
    )
    # Revisions without a user (scripts) count as unreviewed too: exclude() keeps NULLs.
    return Revision.page_revisions.filter(
        object_id=str(story.pk), created_at__gt=coach_approved_at
    ).exclude(user__in=editors.values("pk"))


def _sent_back_to_the_coach(task_state):
    """True if approving this step ended its run without publishing (see above)."""
    return WorkflowState.objects.filter(
        pk=task_state.workflow_state_id, status=WorkflowState.STATUS_CANCELLED
    ).exists()


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
    from stories.review.handover import hand_over_reviews, reviews_fall_back_to_coaches

    coach_changed.connect(hand_over_reviews, dispatch_uid="stories_hand_over_reviews")
    coach_left.connect(
        reviews_fall_back_to_coaches, dispatch_uid="stories_reviews_fall_back_to_coaches"
    )
