"""The `author_erased` receiver: each story of the erased author as stories.erasure.outcomes
says, and a mail to every colleague who wrote one of them with them."""

from django.db import transaction
from django.urls import reverse
from wagtail.actions.unpublish_page import UnpublishPageAction

from cms.mail import absolute_url, send_to_user
from stories import cache_purge as page_cache
from stories.erasure.outcomes import Outcome, erasure_outcomes
from stories.erasure.team_stories import hand_over

MAIL = "stories/erasure/emails/team_story_after_erasure"


def apply_erasure(sender, profile, keep_published, erased_by, former_url=None, **kwargs):
    """Unpublish what the author told alone without consent; leave team stories with the
    team. Returns the number unpublished."""
    if former_url:
        # The old hero page (its URL holds the name) may sit in the page cache.
        page_cache.purge({former_url})
    unpublished = 0
    for item in erasure_outcomes(profile, keep_published):
        if item.outcome == Outcome.UNPUBLISHED:
            # The editor's erase permission already decided this; Editors can unpublish anyway.
            UnpublishPageAction(item.story, user=erased_by, log_action=True).execute(
                skip_permission_checks=True
            )
            unpublished += 1
        elif item.outcome == Outcome.TEAM_DRAFT_HANDED_OVER:
            hand_over(item.story, item.heir.user, acting_user=erased_by)
        if item.remaining:
            # Only once the erasure is committed: a rolled-back one told nobody anything.
            transaction.on_commit(lambda item=item: _tell_the_team(item))
    return unpublished


def _tell_the_team(item):
    story = item.story
    context = {
        "story": story,
        "outcome": item.outcome,
        "edit_url": absolute_url(reverse("wagtailadmin_pages:edit", args=[story.pk])),
    }
    if item.outcome == Outcome.TEAM_STAYS_LIVE:
        context["take_back_url"] = absolute_url(
            reverse("stories_take_back_team_story", args=[story.pk])
        )
    for profile in item.remaining:
        send_to_user(profile.user, MAIL, context)
