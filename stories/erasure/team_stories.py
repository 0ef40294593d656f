"""A team story whose lead author was erased: it goes on with a co-author as its lead.

Two ways in: at the erasure, a team story that was never published goes to its first
remaining co-author at once; a live one stays live until a co-author takes it back as a draft
(`take_back`, from the link in their mail). Either way the co-author becomes the owner and the
erased author stays credited as a co-author ("Former colleague"), so the byline stays true.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.log_actions import log

from stories.models import StoryCoAuthor, StoryPage

TAKEN_BACK_ACTION = "stories.team_story_taken_back"
HANDED_OVER_ACTION = "stories.team_story_handed_over"


def may_take_back(story, user):
    """True if `user` co-wrote this live story and its lead author was erased."""
    lead = getattr(story.owner, "author_profile", None) if story.owner_id else None
    if not (story.live and lead is not None and lead.is_erased and user.is_active):
        return False
    return story.co_authors.filter(profile__user=user, profile__erased_at__isnull=True).exists()


@transaction.atomic
def take_back(story, user):
    """The co-author's choice: the live team story goes offline and becomes their draft."""
    story = StoryPage.objects.select_for_update().get(pk=story.pk)
    # The rule is may_take_back (checked by the caller); authors may not unpublish otherwise.
    UnpublishPageAction(story, user=user, log_action=True).execute(skip_permission_checks=True)
    story.refresh_from_db()
    hand_over(story, user, acting_user=user, action=TAKEN_BACK_ACTION)
    return story


def hand_over(story, new_lead, acting_user=None, action=HANDED_OVER_ACTION):
    """Make `new_lead` (a co-author) the story's owner; the old lead becomes a co-author."""
    old_lead = story.owner.author_profile
    new_profile = new_lead.author_profile
    order = [old_lead] + [
        row.profile for row in story.co_authors.order_by("sort_order") if row.profile != new_profile
    ]
    StoryPage.objects.filter(pk=story.pk).update(owner=new_lead)
    StoryCoAuthor.objects.filter(page_id=story.pk).delete()
    StoryCoAuthor.objects.bulk_create(
        StoryCoAuthor(page_id=story.pk, profile=profile, sort_order=n)
        for n, profile in enumerate(order)
    )
    # The editor opens the latest revision: it must name the same owner and co-authors.
    draft = StoryPage.objects.get(pk=story.pk).get_latest_revision_as_object()
    draft.owner = new_lead
    draft.co_authors = [
        StoryCoAuthor(profile=profile, sort_order=n) for n, profile in enumerate(order)
    ]
    # No user: the lock rules of a story in review are for people editing it, not this move.
    draft.save_revision(clean=False, log_action=False)
    log(instance=draft, action=action, user=acting_user, data={"new_lead": new_lead.pk})


def register_erasure_log_actions(actions):
    actions.register_action(
        HANDED_OVER_ACTION, _("Hand over a team story"), _("Team story handed to a co-author")
    )
    actions.register_action(
        TAKEN_BACK_ACTION, _("Take back a team story"), _("Team story taken back as a draft")
    )
