"""What a live story page shows the same to every reader, read once per publish.

The byline's profiles (lead author and co-authors), the topics, the coach credit and the
storytellers directory's URL cost four queries per render and change only when the story is
published, unpublished or moved, or a named person's profile changes: each of those purges the
story's path (stories/cache_purge.py), which renews its generation token, so the next render
reads them afresh (`cms.document_cache.cached_value`, the token the anonymous page cache uses).
Whatever depends on the reader (which profiles they may open) is decided per request.
Previews and drafts are never cached: they render what is being edited.
"""

from django.utils import translation

from authors.directory import directory_url, remember_directory_url
from cms.document_cache import cached_value
from stories.pipeline import board as pipeline


def _read(story):
    return {
        "profiles": story.byline_profiles(),
        "topics": list(story.topics.all()),
        "coach_credit": pipeline.coach_credit(story),
        "directory_url": directory_url(),
    }


def story_fragments(story, request):
    """The reader-independent parts of the story page (see the module docstring)."""
    if getattr(request, "is_preview", False) or not story.live:
        return _read(story)
    parts = ["story-fragments", str(story.pk), translation.get_language() or ""]
    found = cached_value(request.path, parts, lambda: _read(story))
    # Profile links in the page (byline, coach credit) then cost no query either.
    remember_directory_url(found["directory_url"])
    return found
