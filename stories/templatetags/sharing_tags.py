"""{% share_links page %} and {% share_meta page %} for story pages."""

from django import template

from stories import sharing
from stories.models import Audience

register = template.Library()


@register.inclusion_tag("stories/includes/share_links.html", takes_context=True)
def share_links(context, story):
    request = context.get("request")
    return {
        "links": sharing.share_links(story, request),
        "canonical": story.get_full_url(request),
        "story": story,
    }


@register.inclusion_tag("stories/includes/share_meta.html", takes_context=True)
def share_meta(context, story):
    """Canonical URL (without ?src=) always; Open Graph and Twitter card for public stories."""
    request = context.get("request")
    return {
        "story": story,
        "canonical": story.get_full_url(request),
        "is_public": story.audience == Audience.PUBLIC,
        "authors": [profile.display_name for profile in story.byline_profiles()],
    }
