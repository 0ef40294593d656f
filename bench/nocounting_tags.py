"""Stand-ins for stories' readership template tags that render nothing (counting off)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def readership_attributes(context, page):
    return ""


@register.simple_tag(takes_context=True)
def readership_assets(context, page):
    return ""
