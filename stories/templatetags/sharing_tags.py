"""{% share_links page %} for story pages (their metadata: stories.metadata)."""

from django import template

from stories import sharing

register = template.Library()


@register.inclusion_tag("stories/includes/share_links.html", takes_context=True)
def share_links(context, story):
    request = context.get("request")
    return {
        "links": sharing.share_links(story, request),
        "canonical": story.get_full_url(request),
        "story": story,
    }
