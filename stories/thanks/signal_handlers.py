"""Receivers of thanks from readers, connected by connect() (StoriesConfig.ready())."""

from authors.signals import author_erased
from stories.thanks.models import StoryThanks
from stories.thanks.panels import forget_panels


def erase_sent_thanks(sender, profile, **kwargs):
    """An erased person's thank-yous go with them: their words, under their name, to others."""
    sent = StoryThanks.objects.filter(sender_id=profile.user_id)
    story_ids = list(sent.values_list("story_id", flat=True))
    sent.delete()
    forget_panels(story_ids)


def connect():
    author_erased.connect(erase_sent_thanks, dispatch_uid="stories_thanks_erase_sent")
