"""{% story_end page as end %}: the author box and further reading below a story."""

from django import template

from stories.story_end import StoryEnd

register = template.Library()


@register.simple_tag(takes_context=True)
def story_end(context, story):
    request = context.get("request")
    user = getattr(request, "user", None)
    return StoryEnd(story, user, context.get("byline") or [], context.get("topics") or [])
