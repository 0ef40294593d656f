"""Story pitches: an employee's low-threshold way in, triaged by editors.

A pitch moves new -> accepted (a draft exists) -> story (the draft went live), or
new -> declined (with a kind note the employee receives).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from authors.models import Department


class PitchStatus(models.TextChoices):
    NEW = "new", _("New")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    STORY = "story", _("Turned into a story")


class PitchPreference(models.TextChoices):
    WRITE = "write", _("I would like to write it myself (with a coach's help)")
    TELL = "tell", _("I would rather tell it to a coach who writes it down")


class PitchQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=PitchStatus.NEW)


class Pitch(index.Indexed, models.Model):
    """An employee's story idea, before (and while) it becomes a StoryPage."""

    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,  # people are deactivated, never deleted
        related_name="pitches",
        verbose_name=_("employee"),
    )
    working_title = models.CharField(_("working title"), max_length=120)
    what_happened = models.TextField(_("what happened"), max_length=3000)
    why_it_matters = models.TextField(_("why it matters"), max_length=1500)
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pitches",
        verbose_name=_("department"),
    )
    preference = models.CharField(
        _("how would you like to tell it?"),
        max_length=10,
        choices=PitchPreference.choices,
        default=PitchPreference.WRITE,
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PitchStatus.choices,
        default=PitchStatus.NEW,
        db_index=True,
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coached_pitches",
        verbose_name=_("coach"),
        help_text=_("The coach paired on acceptance (the interviewer for 'tell' pitches)."),
    )
    story = models.ForeignKey(
        "stories.StoryPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pitches",
        verbose_name=_("story"),
    )
    decline_note = models.TextField(_("note to the employee"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("pitched at"), auto_now_add=True)

    objects = PitchQuerySet.as_manager()

    search_fields = [
        index.SearchField("working_title"),
        index.AutocompleteField("working_title"),
        index.SearchField("what_happened"),
        index.FilterField("status"),
    ]

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("pitch")
        verbose_name_plural = _("pitches")

    def __str__(self):
        return self.working_title

    @property
    def wants_interview(self):
        return self.preference == PitchPreference.TELL
