"""The review header on top of the story editor (stories/review/decisions.py, changes.py)."""

from django import template

from stories.review.changes import coach_changes_for
from stories.review.decisions import ReviewDecisions

register = template.Library()


@register.inclusion_tag("stories/review/admin/review_header.html", takes_context=True)
def review_header(context, page):
    """Who asks for this reviewer's decision, their note, and the decision buttons."""
    request = context["request"]
    if not page.pk:
        return {}
    decisions = ReviewDecisions.for_user(page, request.user)
    changes = None
    if decisions is None and request.user.pk in page.specific.author_user_ids():
        # The author reads what the reviewer changed since they sent the story.
        changes = coach_changes_for([page.pk]).get(page.pk)
    return {
        "decisions": decisions,
        "changes": changes,
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
