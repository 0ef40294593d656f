"""The thanks part of a person's GDPR export: the thank-yous they received and sent.

As with review comments (stories/review/personal_data.py), the readers who thanked an author
are not named in the author's export: their names are their own personal data.
"""

from stories.thanks.models import StoryThanks


def thanks_personal_data(user, profile):
    """`thanks`: received (for their stories, hidden or not) and sent by them."""
    received = StoryThanks.objects.for_author(user).select_related("story").order_by("pk")
    sent = StoryThanks.objects.filter(sender=user).select_related("story").order_by("pk")
    return {
        "thanks": {
            "received": [
                {
                    "story_id": thanks.story_id,
                    "story": thanks.story.title,
                    "message": thanks.message,
                    "sent_at": thanks.created_at.isoformat(),
                    "hidden_by_you": thanks.hidden_by.filter(pk=user.pk).exists(),
                }
                for thanks in received
            ],
            "sent": [
                {
                    "story_id": thanks.story_id,
                    "story": thanks.story.title,
                    "message": thanks.message,
                    "sent_at": thanks.created_at.isoformat(),
                }
                for thanks in sent
            ],
        }
    }
