"""{% page_meta %}: description, canonical, hreflang, Open Graph, Twitter, feeds and JSON-LD."""

from django import template

from cms import seo

register = template.Library()


@register.inclusion_tag("includes/page_meta.html", takes_context=True)
def page_meta(context, title="", description="", noindex=False):
    """Views without a Wagtail page pass their title (and description) here."""
    return {"meta": seo.page_metadata(context, title, description, noindex)}
