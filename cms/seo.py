"""What a public page says about itself to search engines, link previews and feed readers.

`page_metadata()` builds, for the page being rendered, the description, canonical URL, hreflang
alternates, Open Graph and Twitter fields, feed links and schema.org JSON-LD blocks;
`templates/includes/page_meta.html` writes them into <head>. Defaults come from the Wagtail
page (or the view's title) and the site description in Settings; apps refine them for their
own pages through the `storywerk_page_metadata` hook (stories for stories, authors for author
pages), so this module imports no app. Every URL is absolute on the public address.
"""

import json

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from wagtail import hooks

from cms.public_address import absolute_url

OG_LOCALES = {"de": "de_DE", "en": "en_GB"}
SITE_DESCRIPTION_KEY = "cms:site-description"
# Hook: fn(meta, request, context) refines `meta` in place for the pages it knows.
METADATA_HOOK = "storywerk_page_metadata"
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def site_name():
    return settings.WAGTAIL_SITE_NAME


def site_description(language=None):
    """The site description from Settings in this language (cached; saving it clears the
    cache), or the site's tagline when nobody has written one."""
    descriptions = cache.get(SITE_DESCRIPTION_KEY)
    if descriptions is None:
        from cms.models import PublicSiteSettings

        row = PublicSiteSettings.objects.values("description_de", "description_en").first()
        descriptions = {
            key.removeprefix("description_"): value for key, value in (row or {}).items()
        }
        cache.set(SITE_DESCRIPTION_KEY, descriptions, 3600)
    language = language or translation.get_language()
    return descriptions.get(language) or gettext("Stories told by the people who live them.")


def forget_site_description(**kwargs):
    cache.delete(SITE_DESCRIPTION_KEY)


def language_alternates(request):
    """hreflang alternates of this address: one per language, and x-default (the default
    language, served without a prefix)."""
    path = request.path if request is not None else "/"
    alternates = [
        {"code": code, "href": absolute_url(translate_url(path, code), request)}
        for code, _name in settings.LANGUAGES
    ]
    default = next(a["href"] for a in alternates if a["code"] == settings.LANGUAGE_CODE)
    return [*alternates, {"code": "x-default", "href": default}]


def home_url(request=None):
    return absolute_url(reverse("wagtail_serve", args=[""]), request)


def organization(request=None):
    """The publisher: schema.org Organization with its logo."""
    return {
        "@type": "Organization",
        "name": site_name(),
        "url": home_url(request),
        "logo": {"@type": "ImageObject", "url": absolute_url(static("img/logo.png"), request)},
    }


def breadcrumb_list(items):
    """schema.org BreadcrumbList of [(name, absolute URL)], from the home page down."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": str(name), "item": url}
            for n, (name, url) in enumerate(items, start=1)
        ],
    }


def feed_links(request=None, language=None):
    """Autodiscovery links of the site's RSS and Atom feeds in this language."""
    language = language or translation.get_language()
    with translation.override(language):
        return [
            {
                "type": "application/rss+xml",
                "title": gettext("Storywerk: stories (RSS)"),
                "href": absolute_url(reverse("stories_feed"), request),
            },
            {
                "type": "application/atom+xml",
                "title": gettext("Storywerk: stories (Atom)"),
                "href": absolute_url(reverse("stories_feed_atom"), request),
            },
        ]


def page_metadata(context, title="", description="", noindex=False):
    """The metadata dict `includes/page_meta.html` renders, for the page in `context`."""
    request = context.get("request")
    page = context.get("page")
    language = translation.get_language()
    if not title and page is not None:
        title = page.seo_title or getattr(page, "heading", page.title)
    elif not title:
        noindex = True  # forms, search, errors: views with a title of their own are indexed
    canonical = absolute_url(request.path, request) if request is not None else ""
    meta = {
        "title": str(title or site_name()),
        "description": str(
            description
            or (page.search_description if page is not None else "")
            or getattr(page, "intro", "")
            or site_description(language)
        ),
        "canonical": canonical,
        "type": "website",
        "site_name": site_name(),
        "locale": OG_LOCALES.get(language, language),
        "alternate_locales": [
            OG_LOCALES.get(code, code) for code, _name in settings.LANGUAGES if code != language
        ],
        "alternates": language_alternates(request),
        "noindex": noindex,
        "social": not noindex,
        "image": None,
        "authors": [],
        "tags": [],
        "feeds": feed_links(request, language),
        "json_ld": [],
    }
    crumbs = [(site_name(), home_url(request))]
    if canonical and canonical != crumbs[0][1]:
        crumbs.append((meta["title"], canonical))
    meta["breadcrumbs"] = crumbs
    for fn in hooks.get_hooks(METADATA_HOOK):
        fn(meta, request, context)
    if page is not None and page.depth == 2:  # the home page speaks for the whole site
        meta["json_ld"].append(
            {
                "@context": "https://schema.org",
                "@type": "WebSite",
                "name": site_name(),
                "url": home_url(request),
                "inLanguage": language,
                "publisher": organization(request),
            }
        )
    if len(meta["breadcrumbs"]) > 1 and not meta["noindex"]:
        meta["json_ld"].append(breadcrumb_list(meta["breadcrumbs"]))
    meta["json_ld"] = [json_ld_script(block) for block in meta["json_ld"]]
    return meta


def json_ld_script(data):
    """JSON for a <script type="application/ld+json"> block: </script> cannot end it early."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(_JSON_SCRIPT_ESCAPES))  # noqa: S308  (escaped above)
