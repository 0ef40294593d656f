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
    _site_id, root_url, _path = story.get_url_parts(request) or (None, "", "")
    is_public = story.audience == Audience.PUBLIC
    image = image_url = None
    if is_public and story.hero_image:
        image = story.hero_image.get_rendition("fill-1200x630")
        # Same host as the canonical URL (renditions are usually served relative to it).
        image_url = image.url if "://" in image.url else f"{root_url}{image.url}"
    return {
        "story": story,
        "canonical": story.get_full_url(request),
        "is_public": is_public,
        "authors": [profile.display_name for profile in _byline_profiles(context, story)],
        "image": image,
        "image_url": image_url,
    }


def _byline_profiles(context, story):
    # StoryPage.get_context already read the byline for this page (a query saved per render).
    byline = context.get("byline")
    if byline is not None and context.get("page") is story:
        return [profile for profile, _linked in byline]
    return story.byline_profiles()
