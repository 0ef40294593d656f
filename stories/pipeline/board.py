"""The editorial pipeline: where each story stands, how long it has waited, who coached it.

Read-only queries shared by the pipeline board, the reminders command, the coach's reply-time
hint and the coached-by credit. Each function runs a fixed number of queries, however many
stories there are.
"""

import math
import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import CharField, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.utils import get_user_display_name
from wagtail.models import Revision, TaskState, WorkflowState

from authors.roles import active_coaches, is_editor
from stories.models import CoachReviewTask, CoachReviewTaskState, Pitch, StoryPage
from stories.review.status import ReviewStage, page_content_type, review_stage

PUBLISHED_WINDOW = timedelta(days=30)

COLUMNS = [
    ("pitch", _("Pitch")),
    ("draft", _("Draft")),
    ("coach", _("With coach")),
    ("editor", _("With editor")),
    ("scheduled", _("Scheduled")),
    ("published", _("Published (last 30 days)")),
]
REVIEW_COLUMNS = {"coach", "editor"}
# The board has no column for "changes requested": such a story is back with its author.
STAGE_COLUMNS = {
    ReviewStage.DRAFT: "draft",
    ReviewStage.CHANGES_REQUESTED: "draft",
    ReviewStage.WITH_COACH: "coach",
    ReviewStage.WITH_EDITORS: "editor",
    ReviewStage.SCHEDULED: "scheduled",
    ReviewStage.LIVE: "published",
}


def due_days():
    return settings.STORYWERK_REVIEW_DUE_DAYS


def is_overdue(started_at, now=None, days=None):
    """A review step is overdue once it has waited MORE than the configured number of days."""
    now = now or timezone.now()
    days = due_days() if days is None else days
    return now - started_at > timedelta(days=days)


def coach_step_task_ids():
    """The coach review tasks (a subquery: costs no query of its own)."""
    return CoachReviewTask.objects.values("pk")


def _current(coach, coaching):
    return coach if coach is not None and coach.pk in coaching else None


def _name(user):
    if user is None:
        return ""
    if not hasattr(user, "get_username"):  # a label such as "Coaches group"
        return str(user)
    profile = getattr(user, "author_profile", None)
    if profile is not None:
        return profile.display_name
    return get_user_display_name(user)


@dataclass
class Card:
    """One story (or pitch) on the board."""

    column: str
    title: str
    author: str
    coach: str
    since: datetime
    url: str = ""
    overdue: bool = False

    @property
    def age_days(self):
        return max(0, (timezone.now() - self.since).days)


def _board_stories(user, editor, now, active):
    """The stories on the board (drafts, reviews, the recently published), with the dates
    their cards show; a coach sees their authors' and the reviews assigned to them."""
    page_ct = page_content_type()
    as_text = Cast(OuterRef("pk"), CharField())
    stories = (
        StoryPage.objects.filter(
            Q(live=False)
            | Q(first_published_at__gte=now - PUBLISHED_WINDOW)
            | Q(pk__in=active.annotate(pid=Cast("object_id", IntegerField())).values("pid"))
        )
        .select_related("owner__author_profile__coach__author_profile")
        .defer("body")
        .annotate(
            first_revision_at=Subquery(
                Revision.objects.filter(base_content_type=page_ct, object_id=as_text)
                .order_by("created_at")
                .values("created_at")[:1]
            ),
            scheduled_at=Subquery(
                Revision.objects.filter(
                    base_content_type=page_ct,
                    object_id=as_text,
                    approved_go_live_at__isnull=False,
                )
                .order_by("-created_at")
                .values("created_at")[:1]
            ),
            left_workflow_at=Subquery(
                TaskState.objects.filter(
                    workflow_state__base_content_type=page_ct,
                    workflow_state__object_id=as_text,
                    finished_at__isnull=False,
                )
                .exclude(status=TaskState.STATUS_APPROVED)
                .order_by("-finished_at")
                .values("finished_at")[:1]
            ),
        )
    )
    if not editor:
        # Coaches see the cards of their authors and of the reviews assigned to them.
        assigned = active.filter(current_task_state__coachreviewtaskstate__assigned_coach=user)
        stories = stories.filter(
            Q(owner__author_profile__coach=user)
            | Q(pk__in=assigned.annotate(pid=Cast("object_id", IntegerField())).values("pid"))
        )
    return list(stories)


def _story_cards(user, editor, now, coaching):
    active = WorkflowState.objects.filter(
        base_content_type=page_content_type(), status=WorkflowState.STATUS_IN_PROGRESS
    )
    stories = _board_stories(user, editor, now, active)
    states = {
        int(state.object_id): state
        for state in active.filter(object_id__in=[str(s.pk) for s in stories]).select_related(
            "current_task_state"
        )
    }
    # The coach recorded on the coach step beats the current pairing (handed-over reviews).
    assigned_coaches = {
        state.pk: state.assigned_coach
        for state in CoachReviewTaskState.objects.filter(
            pk__in=[s.current_task_state_id for s in states.values() if s.current_task_state_id]
        ).select_related("assigned_coach__author_profile")
    }

    cards = []
    for story in stories:
        profile = getattr(story.owner, "author_profile", None) if story.owner else None
        coach = _current(profile.coach if profile else None, coaching)
        state = states.get(story.pk)
        stage = review_stage(state, scheduled=story.scheduled_at is not None, live=story.live)
        column = STAGE_COLUMNS[stage]
        if column in REVIEW_COLUMNS:
            task_state = state.current_task_state
            since = task_state.started_at
            if task_state.pk in assigned_coaches:
                coach = _current(assigned_coaches[task_state.pk], coaching) or _("Coaches group")
        elif column == "scheduled":
            since = story.scheduled_at
        elif column == "published":
            since = story.first_published_at
        else:
            since = max(
                [t for t in (story.first_revision_at, story.left_workflow_at) if t] or [now]
            )
        cards.append(
            Card(
                column=column,
                title=story.get_admin_display_title(),
                author=_name(story.owner),
                coach=_name(coach),
                since=since,
                url=reverse("wagtailadmin_pages:edit", args=[story.pk]),
                overdue=column in REVIEW_COLUMNS and is_overdue(since, now),
            )
        )
    return cards


def _pitch_cards(user, editor, coaching):
    pitches = Pitch.objects.open().select_related(
        "submitted_by__author_profile__coach__author_profile"
    )
    if not editor:
        pitches = pitches.filter(submitted_by__author_profile__coach=user)
    cards = []
    for pitch in pitches:
        profile = getattr(pitch.submitted_by, "author_profile", None)
        cards.append(
            Card(
                column="pitch",
                title=pitch.working_title,
                author=_name(pitch.submitted_by),
                coach=_name(_current(profile.coach if profile else None, coaching)),
                since=pitch.created_at,
                url=reverse("pitches:edit", args=[pitch.pk]) if editor else "",
            )
        )
    return cards


def build_board(user, now=None):
    """[(column key, label, [cards oldest first])] for this user."""
    now = now or timezone.now()
    editor = is_editor(user)
    # Only people who coach now are named: a pairing or a review may still point elsewhere.
    coaching = set(active_coaches().values_list("pk", flat=True))
    cards = _pitch_cards(user, editor, coaching) + _story_cards(user, editor, now, coaching)
    by_column = {key: [] for key, _label in COLUMNS}
    for card in cards:
        by_column[card.column].append(card)
    return [
        (key, label, sorted(by_column[key], key=lambda card: card.since)) for key, label in COLUMNS
    ]


def coach_reply_days(coach, sample=20):
    """Median days the coach took over their last `sample` reviews (rounded up), or None."""
    if coach is None:
        return None
    durations = [
        (finished - started).total_seconds()
        for started, finished in TaskState.objects.filter(
            finished_by=coach,
            task_id__in=coach_step_task_ids(),
            status__in=[TaskState.STATUS_APPROVED, TaskState.STATUS_REJECTED],
            finished_at__isnull=False,
        )
        .order_by("-finished_at")
        .values_list("started_at", "finished_at")[:sample]
    ]
    if not durations:
        return None
    return max(1, math.ceil(statistics.median(durations) / 86400))


def coach_approvals(coach=None, story=None):
    """Approved coach-step task states (the coached-by record), newest first."""
    states = TaskState.objects.filter(
        status=TaskState.STATUS_APPROVED,
        task_id__in=coach_step_task_ids(),
        workflow_state__base_content_type=page_content_type(),
    )
    if coach is not None:
        states = states.filter(finished_by=coach)
    if story is not None:
        states = states.filter(workflow_state__object_id=str(story.pk))
    return states.order_by("-finished_at")


def coached_stories(coach):
    """Stories whose coach step this coach approved (any state; callers filter live)."""
    ids = coach_approvals(coach=coach).values_list("workflow_state__object_id", flat=True)
    return StoryPage.objects.filter(pk__in={int(pk) for pk in ids})


def coach_credit(story):
    """The coach to credit on a published story, or None (none yet, or they opted out)."""
    state = coach_approvals(story=story).select_related("finished_by__author_profile").first()
    coach = state.finished_by if state else None
    if coach is None:
        return None
    profile = getattr(coach, "author_profile", None)
    if profile is not None and not profile.credit_as_coach:
        return None
    return {"name": _name(coach), "profile": profile}
