"""Template tags for readership counting on the story page."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def readership_attributes(context, page):
    """data-* attributes for static/js/readership.js (none in previews: previews never count).

    The same for every anonymous reader, so the page stays cacheable.
    """
    request = context.get("request")
    if request is None or getattr(request, "is_preview", False):
        return ""
    return format_html(
        'data-readership-story="{}" data-readership-endpoint="{}" '
        'data-readership-read-seconds="{}"',
        page.pk,
        reverse("readership_beacon"),
        settings.STORYWERK_READ_SECONDS,
    )


@register.inclusion_tag("stories/readership/counting_assets.html", takes_context=True)
def readership_assets(context, page):
    """The counting script and the <noscript> pixel (nothing in previews)."""
    request = context.get("request")
    return {
        "enabled": request is not None and not getattr(request, "is_preview", False),
        "pixel_url": f"{reverse('readership_pixel')}?story={page.pk}",
    }
