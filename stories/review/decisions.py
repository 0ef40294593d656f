"""The review decisions in plain words, on top of the story editor.

A coach who opens a story to review (from the mail or the review queue) reads who asks and
their note, and decides with two buttons: "Send to the editors" or "Ask Anna for changes". An
editor at the last step decides with "Publish now", "Schedule" or "Ask for changes". Each
button opens a confirmation dialog that names who gets the story next.

Underneath it is Wagtail's own workflow: the dialog's confirm button submits the edit form
with `review-decision`, and `apply_review_decision` (a `before_edit_page` hook) turns that
into the edit view's workflow action (`action-workflow-action`, `workflow-action-name`), so
the coach's edits are saved as a revision and the task's `on_action` runs, with the same
checks of the task's `get_actions` as Wagtail's own menu items.
"""

import datetime
import json

from django.contrib import messages
from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from wagtail.admin import messages as admin_messages
from wagtail.admin.utils import get_user_display_name
from wagtail.models import WorkflowState

from stories.models import StoryPage
from stories.review.answers import restored_blocks_for_review
from stories.review.coach_task import CoachReviewTaskState
from stories.review.status import is_coach_step

COACH = "coach"
EDITOR = "editor"
# The decisions a form may post, and the workflow action each one is.
ACTIONS = {"approve": "approve", "reject": "reject", "schedule": "approve"}


def review_admin_css():
    """`insert_global_admin_css`: the review header, dialogs and change summaries."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/review.css"))


def first_name(user):
    """How the buttons call a person: "Ask Anna for changes"."""
    if user is None:
        return ""
    return user.first_name or get_user_display_name(user)


class ReviewDecisions:
    """What one reviewer sees on top of a story waiting for their decision (or None)."""

    def __init__(self, page, user, workflow_state, task_state):
        self.page = page
        self.user = user
        self.workflow_state = workflow_state
        self.task_state = task_state
        self.role = COACH if is_coach_step(task_state) else EDITOR
        self.author = workflow_state.requested_by or page.owner
        self.author_name = get_user_display_name(self.author) if self.author else ""
        self.author_first_name = first_name(self.author)

    @classmethod
    def for_user(cls, page, user):
        """The decisions `user` may take on `page` now, or None when there is none to take."""
        if not isinstance(page.specific, StoryPage):
            return None
        workflow_state = page.current_workflow_state
        if workflow_state is None or workflow_state.status != WorkflowState.STATUS_IN_PROGRESS:
            return None
        task_state = workflow_state.current_task_state
        if task_state is None:
            return None
        task = task_state.task.specific
        names = {name for name, _label, _modal in task.get_actions(page, user)}
        if not {"approve", "reject"} <= names:
            return None
        return cls(page, user, workflow_state, task_state.specific)

    @property
    def heading(self):
        if self.role == COACH:
            return gettext("%(author)s asks for your review") % {"author": self.author_name}
        return gettext("%(author)s’s story is ready for your decision") % {
            "author": self.author_name
        }

    @property
    def note(self):
        """The author's note to the coach (the editors read it too)."""
        if self.role == COACH:
            return self.task_state.note
        coach_state = CoachReviewTaskState.objects.filter(workflow_state=self.workflow_state)
        return getattr(coach_state.order_by("started_at", "pk").first(), "note", "")

    def restored(self):
        """[(block label, first name)] the authors restored since this reviewer's changes."""
        return [
            (label, first_name(user))
            for label, user in restored_blocks_for_review(self.page, self.user)
        ]

    def choices(self):
        """The buttons, in order: (decision, button label, dialog title, who gets it next)."""
        author = {"author": self.author_name, "first_name": self.author_first_name}
        ask = {
            "decision": "reject",
            "comment_required": True,
            "next": gettext(
                "%(author)s gets the story back with your comment, on the dashboard and in "
                "the editor, and by email."
            )
            % author,
        }
        if self.role == COACH:
            ask["label"] = gettext("Ask %(first_name)s for changes") % author
            return [
                {
                    "decision": "approve",
                    "label": gettext("Send to the editors"),
                    "next": gettext(
                        "The editors get the story next and decide when it is published. "
                        "%(author)s sees that you sent it on."
                    )
                    % author,
                },
                ask,
            ]
        ask["label"] = gettext("Ask for changes")
        ask["next"] = (
            gettext(
                "%(author)s gets the story back with your comment; after the changes it goes to "
                "their coach again, then to you."
            )
            % author
        )
        return [
            {
                "decision": "approve",
                "label": gettext("Publish now"),
                "next": gettext("Readers can read the story as soon as you confirm."),
            },
            {
                "decision": "schedule",
                "label": gettext("Schedule"),
                "next": gettext(
                    "The story goes live by itself at the time you choose. Until then, only "
                    "its authors, their coach and the editors see it."
                ),
            },
            ask,
        ]


def _comment(request, decision):
    return (request.POST.get(f"review-comment-{decision}") or "").strip()


def _go_live_at(request):
    """The chosen go-live time (aware, in the future), or None."""
    raw = (request.POST.get("review-go-live-at") or "").strip()
    try:
        value = datetime.datetime.fromisoformat(raw)
    except ValueError:
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value if value > timezone.now() else None


def apply_review_decision(request, page):
    """`before_edit_page`: a confirmed decision becomes Wagtail's workflow action.

    A change request without a comment, or a schedule without a future time, is refused with
    a message and the form is saved as a draft (nothing the reviewer typed is lost).
    """
    if request.method != "POST":
        return None
    decision = request.POST.get("review-decision")
    if decision not in ACTIONS:
        return None
    decisions = ReviewDecisions.for_user(page, request.user)
    if decisions is None:
        return None
    post = request.POST.copy()
    post.pop("review-decision")
    comment = _comment(request, decision)
    error = None
    if decision == "reject" and not comment:
        error = gettext("Please say what %(first_name)s should change.") % {
            "first_name": decisions.author_first_name
        }
    if decision == "schedule":
        go_live_at = _go_live_at(request) if decisions.role == EDITOR else None
        if go_live_at is None:
            error = gettext("Please choose a time in the future to publish the story.")
        else:
            post["go_live_at"] = timezone.localtime(go_live_at).strftime("%Y-%m-%d %H:%M")
    if error:
        messages.error(request, error)
        request.POST = post
        request.review_decision = (None, decisions)
        return None
    post["action-workflow-action"] = "1"
    post["workflow-action-name"] = ACTIONS[decision]
    post["workflow-action-extra-data"] = json.dumps({"comment": comment} if comment else {})
    request.POST = post
    request.review_decision = (decision, decisions)
    return None


def _drop_wagtail_save_message(request):
    """Wagtail's "Page '…' has been updated." says nothing of the decision; ours replaces it.

    Django's message storage has no public way to remove a message queued in this request.
    """
    queued = getattr(getattr(request, "_messages", None), "_queued_messages", None)
    if queued and queued[-1].level == messages.SUCCESS:
        queued.pop()


def confirm_review_decision(request, page):
    """`after_edit_page`: say in plain words what happened and who has the story now."""
    decision_and_context = getattr(request, "review_decision", None)
    if decision_and_context is None:
        return None
    decision, decisions = decision_and_context
    _drop_wagtail_save_message(request)
    if decision is None:
        # Refused (see apply_review_decision): saved as a draft, back to the editor.
        return None
    page = StoryPage.objects.get(pk=page.pk)
    names = {"author": decisions.author_name, "title": page.get_admin_display_title()}
    if decision == "reject":
        messages.success(
            request, gettext("%(author)s has your comment and gets “%(title)s” back.") % names
        )
    elif decisions.role == COACH:
        messages.success(request, gettext("“%(title)s” is with the editors now.") % names)
    elif page.live and not page.has_unpublished_changes:
        admin_messages.success(
            request,
            gettext("“%(title)s” is published.") % names,
            buttons=[admin_messages.button(page.full_url, gettext("Read the live story"))],
        )
    else:
        scheduled = page.scheduled_revision
        go_live_at = scheduled.approved_go_live_at if scheduled else page.go_live_at
        names["when"] = (
            timezone.localtime(go_live_at).strftime("%Y-%m-%d %H:%M") if go_live_at else ""
        )
        messages.success(request, gettext("“%(title)s” goes live on %(when)s.") % names)
    # Back to the dashboard: the story has left this reviewer's hands.
    return redirect("wagtailadmin_home")
