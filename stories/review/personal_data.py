"""The review part of an author's GDPR export: what they said to their reviewers, and what
reviewers said to them.

- the notes they sent with each submission (the coach step's `note`);
- the comments of each finished review step on their stories ("Request changes" and
  "Approve with comment"), whoever reviewed;
- the Wagtail comments and replies others left on their stories, and replies to comments they
  wrote elsewhere (their own comments are in the `comments` section of authors).

Others' words addressed to the author are part of the author's record; the people who wrote
them are not named (their names are their own personal data, see docs/operations.md).
"""

from django.db.models import CharField, Q
from django.db.models.functions import Cast
from wagtail.models import Comment, CommentReply, Page, TaskState

from stories.models import CoachReviewTaskState, StoryPage
from stories.review.status import page_content_type


def review_personal_data(user, profile):
    """`review`: notes to the coach, review comments and page comments addressed to them."""
    story_ids = []
    if profile is not None:
        story_ids = list(StoryPage.objects.by_author(profile).values_list("pk", flat=True))
    text_ids = Page.objects.filter(pk__in=story_ids).values(text_id=Cast("pk", CharField()))
    return {
        "review": {
            "notes_to_coach": _notes_to_coach(user),
            "review_comments_to_you": _review_comments(user, text_ids),
            "comments_to_you": _comments_to_you(user, story_ids),
        }
    }


def _notes_to_coach(user):
    """The note of each submission this user made (the submitter wrote it)."""
    states = list(
        CoachReviewTaskState.objects.filter(workflow_state__requested_by=user)
        .exclude(note="")
        .select_related("workflow_state")
        .order_by("started_at", "pk")
    )
    pages = _titles(state.workflow_state.object_id for state in states)
    return [
        {
            "story_id": int(state.workflow_state.object_id),
            "story": pages.get(state.workflow_state.object_id, ""),
            "note": state.note,
            "submitted_at": state.started_at.isoformat(),
        }
        for state in states
    ]


def _review_comments(user, text_ids):
    """Comments of finished review steps on the user's stories, by someone else."""
    states = list(
        TaskState.objects.filter(
            workflow_state__base_content_type=page_content_type(),
            workflow_state__object_id__in=text_ids,
            finished_at__isnull=False,
        )
        .exclude(comment="")
        .exclude(finished_by=user)
        .select_related("workflow_state", "task")
        .order_by("finished_at", "pk")
    )
    pages = _titles(state.workflow_state.object_id for state in states)
    return [
        {
            "story_id": int(state.workflow_state.object_id),
            "story": pages.get(state.workflow_state.object_id, ""),
            "step": state.task.name,
            "outcome": state.status,
            "comment": state.comment,
            "at": state.finished_at.isoformat(),
        }
        for state in states
    ]


def _comments_to_you(user, story_ids):
    """Others' page comments on the user's stories and others' replies in threads they are in."""
    comments = [
        {
            "story_id": comment.page_id,
            "story": comment.page.title,
            "text": comment.text,
            "created_at": comment.created_at.isoformat(),
            "resolved": comment.resolved_at is not None,
        }
        for comment in Comment.objects.filter(page_id__in=story_ids)
        .exclude(user=user)
        .select_related("page")
        .order_by("pk")
    ]
    replies = [
        {
            "story_id": reply.comment.page_id,
            "story": reply.comment.page.title,
            "in_reply_to": reply.comment.text,
            "text": reply.text,
            "created_at": reply.created_at.isoformat(),
        }
        for reply in CommentReply.objects.filter(
            Q(comment__page_id__in=story_ids) | Q(comment__user=user)
        )
        .exclude(user=user)
        .select_related("comment__page")
        .order_by("pk")
    ]
    return {"comments": comments, "replies": replies}


def _titles(text_ids):
    """{text id: title} of the pages named by workflow states (one query)."""
    ids = {int(text_id) for text_id in text_ids}
    titles = Page.objects.filter(pk__in=ids).values_list("pk", "title")
    return {str(pk): title for pk, title in titles}
