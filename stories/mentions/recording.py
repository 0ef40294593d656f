"""Recording mentions when Wagtail saves a comment or reply, and mailing each person once.

The page editor saves comments and replies with the page form (the "comments" formset of
Wagtail's page form, committed by the edit view's save), so receivers on their `post_save`
see every way a comment reaches the database. Mentions of people who may not open the story
never get here from the editor (`stories.mentions.forms` refuses the form); should one get
through another door, it is not recorded and nobody is mailed.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_init, post_save
from django.urls import reverse
from wagtail.models import Comment, CommentReply

from cms.mail import absolute_url, send_to_user
from stories.mentions.models import Mention
from stories.mentions.parsing import candidates_for, find_mentioned
from stories.mentions.people import display_name, may_open

logger = logging.getLogger(__name__)

MAIL_TEMPLATE = "stories/mentions/emails/mentioned"


def comment_url(mention_or_comment_id, page_id):
    """The story's editor with the comment open (Wagtail reads `?comment=<id>`)."""
    return f"{reverse('wagtailadmin_pages:edit', args=[page_id])}?comment={mention_or_comment_id}"


def record_comment_mentions(sender, instance, created=False, raw=False, **kwargs):
    if not raw:
        record_mentions(instance.page_id, instance, None, instance.user, created=created)


def record_reply_mentions(sender, instance, created=False, raw=False, **kwargs):
    if not raw:
        comment = instance.comment
        record_mentions(comment.page_id, comment, instance, instance.user, created=created)


def record_mentions(page_id, comment, reply, author, *, created=False):
    """Store the mentions of one saved text; mail the people mentioned for the first time."""
    from stories.models import StoryPage

    saved = reply or comment
    text = saved.text or ""
    loaded = getattr(saved, "_text_at_load", None)
    # The editor saves every comment of the page with each page save: an unchanged text, or
    # a new one without "@", costs no query.
    if not created and text == loaded:
        return
    saved._text_at_load = text
    existing = Mention.objects.filter(comment=comment, reply=reply)
    if "@" not in text:
        if not created and "@" in (loaded or "@"):
            existing.delete()
        return
    story = StoryPage.objects.filter(pk=page_id).first()
    if story is None:
        return
    mentioned = [
        person
        for person in find_mentioned(text, candidates_for([text]))
        if person.pk != getattr(author, "pk", None) and may_open(person, story)
    ]
    # A mention edited out of the text is no longer one (nor shown on a dashboard).
    existing.exclude(person__in=mentioned).delete()
    known = set(existing.values_list("person_id", flat=True))
    for person in mentioned:
        if person.pk in known:
            continue
        mention = Mention.objects.create(
            page_id=page_id, comment=comment, reply=reply, person=person, mentioned_by=author
        )
        # After the commit: a refused or failed save mails nobody.
        transaction.on_commit(lambda mention=mention, story=story: mail_mention(mention, story))


def mail_mention(mention, story):
    """One mail to the mentioned person, in their language, linking to the comment."""
    text = mention.reply.text if mention.reply_id else mention.comment.text
    send_to_user(
        mention.person,
        MAIL_TEMPLATE,
        {
            "story": story,
            "title": story.draft_title or story.title,
            "mentioned_by": display_name(mention.mentioned_by) if mention.mentioned_by else "",
            "text": text,
            "url": absolute_url(comment_url(mention.comment_id, story.pk)),
        },
    )


def remember_loaded_text(sender, instance, **kwargs):
    """Keep the text a comment or reply had when loaded, to tell whether a save changed it."""
    # From __dict__: reading a deferred field here would cost a query per object.
    instance._text_at_load = instance.__dict__.get("text") if instance.pk else None


def connect():
    for model in (Comment, CommentReply):
        post_init.connect(
            remember_loaded_text, sender=model, dispatch_uid=f"stories_mentions_{model.__name__}"
        )
    post_save.connect(
        record_comment_mentions, sender=Comment, dispatch_uid="stories_mentions_comment"
    )
    post_save.connect(
        record_reply_mentions, sender=CommentReply, dispatch_uid="stories_mentions_reply"
    )
