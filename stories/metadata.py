"""Metadata of story pages for cms.seo (registered on the `storywerk_page_metadata` hook).

A public story is a schema.org `Article` with every publicly named author as a `Person`
(authors.credits decides who is named and who gets a profile link) and the site as publisher;
its Open Graph card carries the hero image. An internal story tells search engines and link
previews nothing: it is marked noindex and gets no card, no JSON-LD.
"""

from cms.public_address import absolute_url
from cms.seo import OG_LOCALES, organization
from stories.models import Audience, StoryPage

SOCIAL_RENDITION = "fill-1200x630"


def story_credits(story, context=None):
    """The story's publicly named authors, reusing the byline its page context already read."""
    from authors.credits import public_credits

    byline = (context or {}).get("byline")
    if byline is not None and (context or {}).get("page") is story:
        return public_credits([profile for profile, _linked in byline])
    return public_credits(story.byline_profiles())


def social_image(story, request=None):
    """{url, width, height, alt} of the story's card image, or None without a hero image."""
    if story.hero_image is None:
        return None
    rendition = story.hero_image.get_rendition(SOCIAL_RENDITION)
    return {
        "url": absolute_url(rendition.url, request),
        "width": rendition.width,
        "height": rendition.height,
        "alt": story.hero_alt,
    }


def article_json_ld(story, meta, request=None):
    """schema.org Article of a public story."""
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": story.title[:110],
        "description": meta["description"],
        "url": meta["canonical"],
        "mainEntityOfPage": meta["canonical"],
        "inLanguage": story.content_language,
        "datePublished": story.first_published_at,
        "dateModified": story.last_published_at or story.first_published_at,
        "author": [
            {
                "@type": "Person",
                "name": author["name"],
                **({"url": author["url"]} if author["url"] else {}),
            }
            for author in meta["authors"]
        ],
        "publisher": organization(request),
    }
    if meta["image"]:
        data["image"] = [meta["image"]["url"]]
    if meta["tags"]:
        data["keywords"] = ", ".join(meta["tags"])
    if meta.get("section"):
        data["articleSection"] = meta["section"]
    return data


def story_metadata(meta, request, context):
    """Hook: fill in `meta` for a story page."""
    story = context.get("page")
    if not isinstance(story, StoryPage):
        return
    meta["canonical"] = story.get_full_url(request) or meta["canonical"]
    if story.audience != Audience.PUBLIC:
        meta.update(noindex=True, social=False, breadcrumbs=[])
        return
    locale = OG_LOCALES.get(story.content_language, story.content_language)
    meta.update(
        type="article",
        # Link previews show the story, so its own language (it may differ from the page's).
        locale=locale,
        alternate_locales=[other for other in OG_LOCALES.values() if other != locale],
        description=story.search_description or story.teaser,
        image=social_image(story, request),
        published=story.first_published_at,
        modified=story.last_published_at,
        section=story.department.name if story.department else "",
        tags=[tag.name for tag in context.get("topics", story.topics.all())],
        authors=[
            {"name": credit.name, "url": absolute_url(credit.url, request) if credit.url else None}
            for credit in story_credits(story, context)
        ],
    )
    parent = story.get_parent()
    meta["breadcrumbs"] = [
        meta["breadcrumbs"][0],
        (getattr(parent, "heading", parent.title), absolute_url(parent.get_url(request), request)),
        (story.title, meta["canonical"]),
    ]
    meta["json_ld"].append(article_json_ld(story, meta, request))
