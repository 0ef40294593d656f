"""The record of a mention: who was mentioned in which comment (or reply), and if they saw it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Comment, CommentReply, Page


class MentionQuerySet(models.QuerySet):
    def unseen_by(self, user):
        return self.filter(person=user, seen_at__isnull=True)


class Mention(models.Model):
    """One person named with "@" in one comment or reply on a page.

    `page` repeats the comment's page so that the dashboard and the "seen" update ask one
    table. A mention disappears with its comment or reply (Wagtail deletes those outright).
    """

    page = models.ForeignKey(
        Page, on_delete=models.CASCADE, related_name="+", verbose_name=_("story")
    )
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="+", verbose_name=_("comment")
    )
    reply = models.ForeignKey(
        CommentReply,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reply"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mentions",
        verbose_name=_("mentioned person"),
    )
    mentioned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("mentioned by"),
    )
    created_at = models.DateTimeField(_("mentioned at"), auto_now_add=True)
    seen_at = models.DateTimeField(_("seen at"), null=True, blank=True)

    objects = MentionQuerySet.as_manager()

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        constraints = [
            # Once per person and comment (or reply): an edit of the text mails nobody twice.
            models.UniqueConstraint(
                fields=["comment", "person"],
                condition=models.Q(reply__isnull=True),
                name="mention_once_per_comment",
            ),
            models.UniqueConstraint(
                fields=["reply", "person"],
                condition=models.Q(reply__isnull=False),
                name="mention_once_per_reply",
            ),
        ]
        indexes = [models.Index(fields=["person", "seen_at"], name="mention_person_seen")]

    def __str__(self):
        return f"@{self.person} ({self.page_id})"

    @property
    def text(self):
        return self.reply.text if self.reply_id else self.comment.text
