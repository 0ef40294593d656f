"""Who may see whose readership: authors their own, coaches their authors', editors all."""

from django.db.models import Q

from authors.models import AuthorProfile
from authors.roles import is_coach, is_editor
from stories.models import StoryPage

# The workflow's role checks cache the user's groups on the user object: menus and panels on
# every admin page ask, so they must not add a query each.
sees_all = is_editor


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


def own_profile(user):
    """The user's author profile or None, through the reverse accessor Django caches on the
    user: the menu, the dashboard panels and the views share one query per request."""
    if not user.is_authenticated:
        return None
    return getattr(user, "author_profile", None)


def shows_menu_item(user):
    """Anybody with an author profile, and every coach and editor."""
    # The cached reverse accessor (shared with the workflow's dashboard panels), not a query.
    return sees_all(user) or is_coach(user) or hasattr(user, "author_profile")
