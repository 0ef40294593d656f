"""The record of overdue-review reminders (sent by `manage.py send_review_reminders`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewReminder(models.Model):
    """One row per review step and day a reminder went out: at most one reminder a day.

    Why a table and not a cache key: the guarantee must survive cache flushes and hold
    across processes (the unique constraint decides the race).
    """

    task_state = models.ForeignKey(
        "wagtailcore.TaskState", on_delete=models.CASCADE, related_name="+"
    )
    sent_on = models.DateField(_("sent on"))
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("review reminder")
        verbose_name_plural = _("review reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["task_state", "sent_on"], name="unique_review_reminder_per_day"
            )
        ]

    def __str__(self):
        return f"{self.task_state_id} {self.sent_on}"
