"""`{{ html|sanitize_html }}` for templates that show HTML from outside Wagtail rich text."""

from django import template

from cms.sanitize import sanitize_html as _sanitize_html

register = template.Library()


@register.filter
def sanitize_html(value):
    return _sanitize_html(value)
