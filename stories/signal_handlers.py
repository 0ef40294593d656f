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


def unpublish_erased_authors_stories(
    sender, profile, keep_published, erased_by, former_url=None, **kwargs
):
    """GDPR erasure (authors.signals.author_erased): without consent, their stories go offline.

    Only stories they lead are unpublished; a team story led by a colleague stays live and
    its byline shows the anonymised "Former colleague". Returns the number unpublished.
    """
    from wagtail.actions.unpublish_page import UnpublishPageAction

    from stories import cache_purge as page_cache
    from stories.models import StoryPage

    if former_url:
        # The old hero page (its URL holds the name) may sit in the page cache.
        page_cache.purge({former_url})
    if keep_published:
        return 0
    count = 0
    for story in StoryPage.objects.live().filter(owner_id=profile.user_id):
        # The editor's erase permission already decided this; Editors can unpublish anyway.
        UnpublishPageAction(story, user=erased_by, log_action=True).execute(
            skip_permission_checks=True
        )
        count += 1
    return count


def connect():
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_unpublished, post_page_move

    from authors.models import AuthorProfile, Department
    from authors.signals import author_erased
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
    author_erased.connect(
        unpublish_erased_authors_stories, dispatch_uid="stories_unpublish_erased_author"
    )
