"""Agency coaches' accounts end on a date: the record of it, and the ending.

An agency coach is invited with the date their access ends (authors.invitations). From that
day on the sign-in refuses them with a message (cms.login.StorywerkLoginForm) and the hourly
job `end_agency_access` deactivates them. Deactivating (never deleting) goes through the
user's save, whose receivers release the coach: their authors are unpaired and the reviews
waiting with them fall back to the Coaches group, as for any coach who leaves.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AgencyAccessQuerySet(models.QuerySet):
    def ended(self, today=None):
        """Accesses whose last day is behind us (the account ends on `expires_on`)."""
        return self.filter(expires_on__lte=today or timezone.localdate())


class AgencyAccess(models.Model):
    """The date an agency coach's account ends."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="agency_access",
        verbose_name=_("account"),
    )
    expires_on = models.DateField(
        _("access ends on"), help_text=_("From this day on the account cannot sign in.")
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True, editable=False)

    objects = AgencyAccessQuerySet.as_manager()

    class Meta:
        app_label = "authors"
        verbose_name = _("agency access")
        verbose_name_plural = _("agency accesses")

    def __str__(self):
        return f"{self.user} ({self.expires_on:%Y-%m-%d})"

    @property
    def has_ended(self):
        return self.expires_on <= timezone.localdate()


def ended_access_of(user):
    """The user's ended AgencyAccess, or None (a user without one never expires)."""
    if user is None or user.pk is None:
        return None
    return AgencyAccess.objects.ended().filter(user=user).first()


@transaction.atomic
def end_access(access):
    """Deactivate the account of an ended access (once); the user's save releases the coach."""
    user = get_user_model().objects.select_for_update().get(pk=access.user_id)
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    if access.ended_at is None:
        access.ended_at = timezone.now()
        access.save(update_fields=["ended_at"])


def end_ended_accesses(today=None):
    """Deactivate every agency account whose date has come; returns how many were ended."""
    ended = 0
    for access in AgencyAccess.objects.ended(today).filter(ended_at__isnull=True):
        end_access(access)
        ended += 1
    return ended
