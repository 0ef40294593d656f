"""GDPR erasure of an author: one atomic write over profile, user, log labels and stories.

The rows stay (never deleted, so stories, revisions and comments keep their author); what
identifies the person is blanked. `stories` decides what happens to each of the author's
stories through the `author_erased` signal, and lists it beforehand for the confirmation page
through the `storywerk_erasure_preview` hook, so `authors` never imports it.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, ReferenceIndex, Revision
from wagtail.users.models import UserProfile

from authors.models import AuthorProfile, ProfileVisibility
from authors.signals import author_erased

ERASE_ACTION = "storywerk.author.erase"
# Stored (untranslated) in place of the name; bylines show `public_name`, translated.
FORMER_COLLEAGUE = "Former colleague"


class ErasureRefused(Exception):
    """The acting user may not erase this profile; the message says why (shown as-is)."""


def check_can_erase(profile, erased_by):
    """Raise ErasureRefused unless `erased_by` may erase `profile` (beyond the permission)."""
    if profile.is_erased:
        raise ErasureRefused(_("This author's data has already been erased."))
    if profile.user_id == erased_by.pk:
        raise ErasureRefused(_("You cannot erase your own data; ask another editor."))
    if profile.user.is_superuser and not erased_by.is_superuser:
        raise ErasureRefused(_("Only an administrator can erase an administrator's data."))


def erasure_preview(profile):
    """What the erasure would do to each of the author's stories: [{"title", "outcome"}]."""
    return [item for fn in hooks.get_hooks("storywerk_erasure_preview") for item in fn(profile)]


def erase_author(profile, erased_by):
    """Anonymise the author, deactivate their account and (without consent) unpublish the
    stories they told alone; their team stories stay with the co-authors.

    Returns the number of stories that were unpublished.
    """
    check_can_erase(profile, erased_by)
    keep_published = profile.keep_stories_after_erasure
    with transaction.atomic():
        profile = AuthorProfile.objects.select_for_update().get(pk=profile.pk)
        photo = profile.photo
        # The hero page URL contains the name (slug): caches must forget it too.
        former_url = profile.get_absolute_url()
        profile.display_name = FORMER_COLLEAGUE
        profile.slug = f"former-colleague-{profile.pk}"
        profile.photo = None
        profile.department = None
        profile.job_title = ""
        profile.bio = ""
        profile.coach = None
        profile.profile_visibility = ProfileVisibility.HIDDEN
        profile.show_on_leaderboards = False
        profile.erased_at = timezone.now()
        # save() re-indexes the profile (Wagtail's search signal), replacing the old text.
        profile.save()

        user = profile.user
        user.username = f"former-colleague-{user.pk}"
        user.first_name = ""
        user.last_name = ""
        user.email = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
        _erase_wagtail_user_profile(user)
        _scrub_log_labels(profile, user)
        if photo is not None:
            _delete_if_unused(photo, profile)

        results = author_erased.send(
            sender=AuthorProfile,
            profile=profile,
            keep_published=keep_published,
            erased_by=erased_by,
            former_url=former_url,
        )
        unpublished = sum(result for _receiver, result in results if isinstance(result, int))
        log(
            instance=profile,
            action=ERASE_ACTION,
            user=erased_by,
            title=FORMER_COLLEAGUE,
            # Only facts about the erasure, nothing that identifies the person.
            data={"kept_published_stories": keep_published, "unpublished_stories": unpublished},
        )
    return unpublished


def _erase_wagtail_user_profile(user):
    """Wagtail's admin profile holds the avatar (a photo of the person) and preferences."""
    wagtail_profile = UserProfile.objects.filter(user=user).first()
    if wagtail_profile is None:
        return
    if wagtail_profile.avatar:
        wagtail_profile.avatar.delete(save=False)
    wagtail_profile.avatar = ""
    wagtail_profile.save()


def _scrub_log_labels(profile, user):
    """Audit-log rows keep a copy of the object's name at the time (their `label`)."""
    for instance in (profile, user):
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
            object_id=str(instance.pk),
        ).update(label=FORMER_COLLEAGUE)


def _delete_if_unused(image, profile):
    """A profile photo shows the person: delete it unless something else still uses it."""
    # The index may still list this profile's old photo reference (it updates on commit).
    other_uses = ReferenceIndex.get_references_to(image).exclude(
        content_type=ContentType.objects.get_for_model(profile), object_id=str(profile.pk)
    )
    if not other_uses.exists() and not _used_in_a_revision(image):
        image.delete()


def _used_in_a_revision(image):
    """True if any saved revision (a draft's, an older version's) references the image.

    The reference index reads only objects' current rows: a live story's draft keeps its new
    hero image in the revision's JSON until it is published. A text match on the id narrows
    the revisions; Wagtail's own reference extraction then reads each candidate exactly.
    """
    candidates = Revision.objects.annotate(text=Cast("content", TextField())).filter(
        text__regex=rf"(^|[^0-9]){image.pk}([^0-9]|$)"
    )
    image_type_id = ContentType.objects.get_for_model(image).pk
    for revision in candidates.iterator():
        # A private helper of Wagtail's, the one that fills the reference index.
        references = ReferenceIndex._extract_references_from_object(revision.as_object())
        for content_type_id, object_id, _model_path, _content_path in references:
            if content_type_id == image_type_id and object_id == str(image.pk):
                return True
    return False
