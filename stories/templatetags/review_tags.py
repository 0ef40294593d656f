"""The review header on top of the story editor (stories/review/decisions.py, changes.py)."""

from django import template

from stories.review.decisions import ReviewDecisions

register = template.Library()


@register.inclusion_tag("stories/review/admin/review_header.html", takes_context=True)
def review_header(context, page):
    """Who asks for this reviewer's decision, their note, and the decision buttons."""
    request = context["request"]
    decisions = ReviewDecisions.for_user(page, request.user) if page.pk else None
    return {"decisions": decisions, "request": request}
