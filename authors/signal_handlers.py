"""Receivers of the authors app, connected in AuthorsConfig.ready()."""

from django.contrib.auth.models import Group

from authors.pairing import release_coach
from authors.roles import COACH_GROUPS, in_a_coach_group_now
from authors.signals import user_deactivated


def remember_whether_active(sender, instance, update_fields=None, **kwargs):
    """pre_save of a user: note whether the stored account is active, if is_active may change.

    Logins save last_login with update_fields, so they cost no extra query here.
    """
    if instance.pk is None or (update_fields is not None and "is_active" not in update_fields):
        return
    instance._storywerk_was_active = (
        sender.objects.filter(pk=instance.pk).values_list("is_active", flat=True).first()
    )


def announce_deactivation(sender, instance, created=False, **kwargs):
    """post_save of a user: send `user_deactivated` when an active account became inactive."""
    was_active = getattr(instance, "_storywerk_was_active", None)
    instance._storywerk_was_active = None
    if not created and was_active and not instance.is_active:
        user_deactivated.send(sender=sender, user=instance)
        release_coach(instance)


def _coach_group_pks():
    return set(Group.objects.filter(name__in=COACH_GROUPS).values_list("pk", flat=True))


def release_removed_coaches(sender, instance, action, reverse, model, pk_set, **kwargs):
    """m2m_changed of user.groups: whoever leaves the Coaches (or Agency coaches) group, and is
    in neither any more, stops coaching.

    Both directions count (`user.groups.remove(...)`, `group.user_set.remove(...)`), and
    `clear()` too; the admin's user form changes groups through `set()`, i.e. remove/add.
    `pk_set` is empty on clear, so the members are noted before it.
    """
    if action == "pre_clear":
        if reverse:  # group.user_set.clear()
            members = list(instance.user_set.all()) if instance.name in COACH_GROUPS else []
        else:  # user.groups.clear()
            members = [instance] if in_a_coach_group_now(instance) else []
        instance._storywerk_leaving_coaches = members
        return
    if action == "post_clear":
        leaving = getattr(instance, "_storywerk_leaving_coaches", [])
        instance._storywerk_leaving_coaches = []
    elif action == "post_remove" and reverse:  # group.user_set.remove(users)
        if instance.name not in COACH_GROUPS:
            return
        leaving = list(model.objects.filter(pk__in=pk_set or []))
    elif action == "post_remove":  # user.groups.remove(groups)
        if not _coach_group_pks() & set(pk_set or ()):
            return
        leaving = [instance]
    else:
        return
    for user in leaving:
        user.__dict__.pop("_storywerk_groups", None)
        if user.is_active and not in_a_coach_group_now(user):
            release_coach(user)
