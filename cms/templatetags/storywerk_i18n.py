"""The language switch: the current page's address in each of the site's languages."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation

from cms.page_cache import without_tracking

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """One entry per language: code, name in that language, URL of this page, is it current.

    Plain links (no form, no cookie): every page has one URL per language, so pages stay
    cacheable and a shared link always opens in the language it was shared in.
    """
    request = context.get("request")
    current = translation.get_language()
    # Without tracking parameters: the page cache shares one copy across campaign links.
    path = without_tracking(request.get_full_path()) if request is not None else "/"
    links = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        links.append(
            {
                "code": code,
                "name": translation.get_language_info(code)["name_local"],
                "url": url,
                "is_current": code == current,
            }
        )
    return links
