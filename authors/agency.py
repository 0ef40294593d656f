"""Agency coaches' accounts end on a date: the record of it, and the ending.

An agency coach is invited with the date their access ends (authors.invitations). From that
day on the sign-in refuses them with a message (cms.login.StorywerkLoginForm) and the hourly
job `end_agency_access` deactivates them. Deactivating (never deleting) goes through the
user's save, whose receivers release the coach: their authors are unpaired and the reviews
waiting with them fall back to the Coaches group, as for any coach who leaves. Editors move
the date or end the access at once from the person's profile (authors.views.AgencyAccessView).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log


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


def _access_for_update(user, expires_on):
    access, _created = AgencyAccess.objects.select_for_update().get_or_create(
        user=user, defaults={"expires_on": expires_on}
    )
    return access


@transaction.atomic
def change_end_date(user, expires_on, changed_by):
    """An editor sets a later (or first) end date for an agency coach.

    An account the date had ended (`ended_at` set, by the job or the sign-in) is opened again:
    the editors who invited the person are the ones who bring them back. An account
    deactivated by any other route stays as it is.
    """
    access = _access_for_update(user, expires_on)
    old_date = access.expires_on
    reopened = access.ended_at is not None
    access.expires_on = expires_on
    access.ended_at = None
    access.save(update_fields=["expires_on", "ended_at"])
    if reopened and not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    _log(user, AGENCY_ACCESS_CHANGED, changed_by, old_date, expires_on)
    return access


@transaction.atomic
def end_access_now(user, ended_by):
    """An editor ends an agency coach's access today, as the job would on the date."""
    today = timezone.localdate()
    access = _access_for_update(user, today)
    old_date = access.expires_on
    if access.expires_on > today:
        access.expires_on = today
        access.save(update_fields=["expires_on"])
    end_access(access)
    _log(user, AGENCY_ACCESS_ENDED, ended_by, old_date, today)
    return access


AGENCY_ACCESS_CHANGED = "authors.agency_access_changed"
AGENCY_ACCESS_ENDED = "authors.agency_access_ended"


def _log(user, action, by, old_date, new_date):
    # On the profile, where the coach pairings are logged too (the editors' history view).
    profile = getattr(user, "author_profile", None)
    log(
        instance=profile or user,
        action=action,
        user=by,
        data={"old_date": old_date.isoformat(), "new_date": new_date.isoformat()},
    )
