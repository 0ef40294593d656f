"""Plain Django views and page sections of the stories app."""

from stories.models import StoryPage


def author_stories_section(request, profile):
    """The "Stories" section of an author's hero page: their live stories this reader may see."""
    stories = (
        StoryPage.objects.listable_for(request.user)
        .by_author(profile)
        .with_listing_relations()
        .order_by("-first_published_at")
    )
    return {"template": "stories/author_stories_section.html", "stories": stories}
