"""Who may see whose readership: authors their own, coaches their authors', editors all."""

from django.db.models import Q

from authors.models import COACHES_GROUP, EDITORS_GROUP, AuthorProfile
from stories.models import StoryPage


def _group_names(user):
    # Cached on the user object: several checks run per request.
    if not hasattr(user, "_readership_groups"):
        user._readership_groups = set(user.groups.values_list("name", flat=True))
    return user._readership_groups


def sees_all(user):
    return user.is_active and (user.is_superuser or EDITORS_GROUP in _group_names(user))


def is_coach(user):
    return user.is_active and COACHES_GROUP in _group_names(user)


def viewable_profiles(user):
    """Author profiles whose readership this user may open."""
    if not (user.is_authenticated and user.is_active):
        return AuthorProfile.objects.none()
    if sees_all(user):
        return AuthorProfile.objects.all()
    condition = Q(user=user)
    if is_coach(user):
        condition |= Q(coach=user)
    return AuthorProfile.objects.filter(condition)


def can_view_profile(user, profile):
    return viewable_profiles(user).filter(pk=profile.pk).exists()


def can_view_story(user, story):
    """Authors and co-authors of the story, the coach of any of them, editors."""
    if not (user.is_authenticated and user.is_active):
        return False
    if sees_all(user):
        return True
    condition = Q(owner=user) | Q(co_authors__profile__user=user)
    if is_coach(user):
        condition |= Q(owner__author_profile__coach=user) | Q(co_authors__profile__coach=user)
    return StoryPage.objects.filter(condition, pk=story.pk).exists()


def shows_menu_item(user):
    """Anybody with an author profile, and every coach and editor."""
    return sees_all(user) or is_coach(user) or AuthorProfile.objects.filter(user=user).exists()
