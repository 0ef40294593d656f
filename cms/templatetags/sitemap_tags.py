"""{% sitemap_urlset urlset %}: the sitemap's <url> elements, written in Python (cms.sitemap)."""

from django import template
from django.utils.safestring import mark_safe

from cms.sitemap import render_urlset

register = template.Library()


@register.simple_tag
def sitemap_urlset(urlset):
    # render_urlset escapes every value it writes.
    return mark_safe(render_urlset(urlset))  # noqa: S308
