"""A reader's thank-you for a story: private to the story's authors, never counted anywhere."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MAX_LENGTH = 500


class StoryThanksQuerySet(models.QuerySet):
    def for_author(self, user):
        """Thanks for the stories `user` leads or co-authors (the only people who see them)."""
        from stories.models import StoryCoAuthor

        co_authored = StoryCoAuthor.objects.filter(profile__user=user).values("page_id")
        return self.filter(Q(story__owner=user) | Q(story_id__in=co_authored))

    def shown_to(self, user):
        """The author's thanks, without those they hid."""
        return self.for_author(user).exclude(hidden_by=user)

    def in_digest(self, user, start, end):
        """The thanks of the digest's week (local days `start` to `end`), oldest first."""
        return list(
            self.shown_to(user)
            .filter(created_at__date__gte=start, created_at__date__lte=end)
            .select_related("story")
            .order_by("created_at", "pk")
        )


class StoryThanks(models.Model):
    """One reader's thank-you for one story (once per reader and story)."""

    story = models.ForeignKey(
        "stories.StoryPage",
        on_delete=models.CASCADE,
        related_name="thanks",
        verbose_name=_("story"),
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="sent_story_thanks",
        verbose_name=_("sent by"),
    )
    message = models.TextField(_("message"), max_length=MAX_LENGTH)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    # Per author: a co-author who hides a thank-you does not hide it for the others.
    hidden_by = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("hidden by")
    )
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)

    objects = StoryThanksQuerySet.as_manager()

    class Meta:
        app_label = "stories"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("thank-you")
        verbose_name_plural = _("thanks")
        constraints = [
            models.UniqueConstraint(fields=["story", "sender"], name="one_thanks_per_reader_story")
        ]

    def __str__(self):
        return f"{self.sender} -> {self.story_id}"
