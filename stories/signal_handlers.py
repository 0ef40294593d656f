"""Receivers of the story pages themselves (listing choices, erasure), connected in
StoriesConfig.ready(); each feature connects its own (review, readership, most read, pitches,
the page cache purge)."""

from django.db import transaction
from wagtail.signals import page_published


def story_listing_changed(sender, **kwargs):
    """A story went live, offline, moved or away, or a department changed: the story index's
    cached filter choices are stale. Dropped now and again after the commit, so that no other
    request re-caches the old choices in between."""
    from stories.listing import forget_filter_options
    from stories.story_end import forget_story_ends

    for forget in (forget_filter_options, forget_story_ends):
        forget()
        transaction.on_commit(forget)


def connect():
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_unpublished, post_page_move

    from authors.models import AuthorProfile, Department
    from authors.signals import author_erased
    from stories.erasure.handling import apply_erasure
    from stories.models import StoryPage
    from stories.story_end import forget_story_ends

    for signal, uid in (
        (page_published, "published"),
        (page_unpublished, "unpublished"),
        (post_delete, "deleted"),
        (post_page_move, "moved"),
    ):
        signal.connect(
            story_listing_changed, sender=StoryPage, dispatch_uid=f"stories_filter_options_{uid}"
        )
    for signal, uid in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(
            story_listing_changed, sender=Department, dispatch_uid=f"stories_departments_{uid}"
        )
    # A name, photo, bio or visibility shown at the end of stories changed.
    post_save.connect(forget_story_ends, sender=AuthorProfile, dispatch_uid="stories_end_profile")
    # What the erasure does to each story: stories.erasure.
    author_erased.connect(apply_erasure, dispatch_uid="stories_unpublish_erased_author")
