"""Sections of the author (hero) pages that list stories: theirs, and those they coached."""

from django.core.paginator import Paginator

from stories.models import StoryPage
from stories.pipeline.board import coached_stories

# An author with 200 stories rendered 200 cards (and renditions) per view: page them.
AUTHOR_STORIES_PER_PAGE = 24


def author_stories_section(request, profile):
    """The "Stories" section of an author's hero page: their live stories this reader may see."""
    stories = (
        StoryPage.objects.listable_for(request.user)
        .by_author(profile)
        .with_listing_relations()
        .order_by("-first_published_at", "-pk")
    )
    page_obj = Paginator(stories, AUTHOR_STORIES_PER_PAGE).get_page(request.GET.get("page"))
    return {
        "template": "stories/author_stories_section.html",
        "stories": page_obj.object_list,
        "page_obj": page_obj,
    }


def coached_stories_section(request, profile):
    """The "Stories I coached" section of a coach's hero page (unless they opted out)."""
    if not profile.credit_as_coach:
        return None
    stories = (
        coached_stories(profile.user)
        .listable_for(request.user)
        .with_listing_relations()
        .order_by("-first_published_at")
    )
    if not stories:
        return None
    return {"template": "stories/coached_stories_section.html", "stories": stories}
