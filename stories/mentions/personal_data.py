"""The mentions part of a person's data export: where they were mentioned, and when seen.

Who mentioned them is not named (that name is the other person's data, as for comments in
stories/review/personal_data.py); the comment's words are in the review section already.
"""

from stories.mentions.models import Mention


def mentions_personal_data(user, profile):
    mentions = Mention.objects.filter(person=user).order_by("created_at", "pk")
    return {
        "mentions": [
            {
                "story_id": mention.page_id,
                "comment_id": mention.comment_id,
                "reply_id": mention.reply_id,
                "mentioned_at": mention.created_at.isoformat(),
                "seen_at": mention.seen_at.isoformat() if mention.seen_at else None,
            }
            for mention in mentions
        ]
    }
