"""The thank-you form under a story, for signed-in employees only (stories/thanks)."""

from django import template

from authors.roles import is_employee
from stories.thanks.forms import ThanksForm
from stories.thanks.models import StoryThanks
from stories.thanks.views import is_story_author

register = template.Library()


@register.inclusion_tag("stories/thanks/form.html", takes_context=True)
def thanks_form(context, story):
    """Nothing for anonymous readers (their cached page stays the same for all of them)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not is_employee(user) or not story.live:
        return {"show": False}
    if is_story_author(user, story):
        return {"show": False}
    thanked = StoryThanks.objects.filter(story=story, sender=user).exists()
    return {
        "show": True,
        "story": story,
        "thanked": thanked,
        "form": None if thanked else ThanksForm(),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
