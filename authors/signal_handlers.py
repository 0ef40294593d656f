"""Receivers of the authors app, connected in AuthorsConfig.ready()."""

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
