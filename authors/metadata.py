"""Metadata of the storytellers pages for cms.seo (the `storywerk_page_metadata` hook).

An author's page is a schema.org `ProfilePage` about a `Person`, with the author's own feeds
linked for autodiscovery. Only public profiles say anything to search engines and link
previews; a colleagues-only profile page is marked noindex and gets no card.
"""

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext

from authors.models import AuthorIndexPage, ProfileVisibility
from cms.public_address import absolute_url

PHOTO_RENDITION = "fill-400x400"


def person_json_ld(profile, url, image):
    person = {"@type": "Person", "name": profile.display_name, "url": url}
    if profile.job_title:
        person["jobTitle"] = profile.job_title
    if profile.bio:
        person["description"] = profile.bio
    if image:
        person["image"] = image["url"]
    return person


def author_feed_links(profile, request=None):
    names = {"name": profile.display_name}
    return [
        {
            "type": "application/rss+xml",
            "title": gettext("Stories by %(name)s (RSS)") % names,
            "href": absolute_url(reverse("author_stories_feed", args=[profile.slug]), request),
        },
        {
            "type": "application/atom+xml",
            "title": gettext("Stories by %(name)s (Atom)") % names,
            "href": absolute_url(reverse("author_stories_feed_atom", args=[profile.slug]), request),
        },
    ]


def author_metadata(meta, request, context):
    """Hook: the storytellers directory and each author's page."""
    page = context.get("page")
    if not isinstance(page, AuthorIndexPage):
        return
    profile = context.get("profile")
    if profile is None:
        return
    meta["canonical"] = absolute_url(profile.get_absolute_url(), request)
    meta["title"] = profile.display_name
    meta["description"] = (
        Truncator(profile.bio).chars(200)
        or " · ".join(str(part) for part in (profile.job_title, profile.department) if part)
        or meta["description"]
    )
    if profile.profile_visibility != ProfileVisibility.PUBLIC:
        meta.update(noindex=True, social=False, breadcrumbs=[])
        return
    image = None
    if profile.photo is not None:
        rendition = profile.photo.get_rendition(PHOTO_RENDITION)
        image = {
            "url": absolute_url(rendition.url, request),
            "width": rendition.width,
            "height": rendition.height,
            "alt": profile.display_name,
        }
    meta.update(type="profile", image=image)
    meta["feeds"] = [*meta["feeds"], *author_feed_links(profile, request)]
    meta["breadcrumbs"] = [
        meta["breadcrumbs"][0],
        (page.heading, absolute_url(page.get_url(request), request)),
        (profile.display_name, meta["canonical"]),
    ]
    meta["json_ld"].append(
        {
            "@context": "https://schema.org",
            "@type": "ProfilePage",
            "url": meta["canonical"],
            "mainEntity": person_json_ld(profile, meta["canonical"], image),
        }
    )
