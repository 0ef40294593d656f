"""Changing an author's coach: one atomic write that other apps react to.

`stories` listens to `coach_changed` (sent inside the transaction) to hand the author's
in-flight coach reviews over to the new coach, so the pairing and the handover commit or
fail together.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from authors.roles import in_a_coach_group_now
from authors.signals import coach_changed, coach_left


def validate_coach(coach):
    if coach is None:
        return
    if not coach.is_active:
        raise ValidationError(_("%(name)s is deactivated.") % {"name": coach})
    if not in_a_coach_group_now(coach):
        raise ValidationError(_("%(name)s is not in the Coaches group.") % {"name": coach})


@transaction.atomic
def change_coach(profile, new_coach, changed_by):
    """Pair `profile` with `new_coach` (None: unpair), log it, and let listeners hand over."""
    validate_coach(new_coach)
    profile = type(profile).objects.select_for_update().get(pk=profile.pk)
    old_coach = profile.coach
    if old_coach == new_coach:
        return profile
    profile.coach = new_coach
    profile.save(update_fields=["coach"])
    log(
        instance=profile,
        action="authors.coach_changed",
        user=changed_by,
        data={
            "old_coach": {"id": old_coach.pk, "name": str(old_coach)} if old_coach else None,
            "new_coach": {"id": new_coach.pk, "name": str(new_coach)} if new_coach else None,
        },
    )
    coach_changed.send(
        sender=type(profile),
        profile=profile,
        old_coach=old_coach,
        new_coach=new_coach,
        changed_by=changed_by,
    )
    return profile


@transaction.atomic
def release_coach(user, changed_by=None):
    """`user` is no coach any more (any route): hand over their reviews, unpair their authors.

    The one path for group removal, deactivation and erasure, so none of them strands a review.
    """
    coach_left.send(sender=type(user), user=user, changed_by=changed_by)
    for profile in user.coached_profiles.all():
        change_coach(profile, None, changed_by)
