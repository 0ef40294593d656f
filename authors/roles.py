"""Who is who: the role groups and every check of a user's role, in one place.

Roles are Django groups (docs/architecture.md has the role table). A user's groups are
read once per user object and kept on it: menus, listings and panels ask many times per
request. The permissions each group holds are granted by cms/roles.py (a data migration).
"""

from django.contrib.auth import get_user_model

AUTHORS_GROUP = "Authors"
COACHES_GROUP = "Coaches"
EDITORS_GROUP = "Editors"


def cached_groups(user):
    """The user's groups, queried once per user object."""
    if not hasattr(user, "_storywerk_groups"):
        user._storywerk_groups = list(user.groups.all()) if user.is_authenticated else []
    return user._storywerk_groups


def in_group_now(user, group_name):
    """Membership read from the database, not the per-object cache: for writes that must see a
    group change made a moment ago (pairing a coach, a coach leaving the group)."""
    return user.groups.filter(name=group_name).exists()


def group_names(user):
    return {group.name for group in cached_groups(user)}


def is_employee(user):
    """Any active, logged-in account is an employee and may read internal stories."""
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_coach(user):
    return bool(user.is_active and COACHES_GROUP in group_names(user))


def is_editor(user):
    """Editors (and admins) hold every right in the story section."""
    return bool(user.is_active and (user.is_superuser or EDITORS_GROUP in group_names(user)))


def active_members(group_name):
    """Active users of a role group, by name (the order of every list and choice of them)."""
    return (
        get_user_model()
        .objects.filter(groups__name=group_name, is_active=True)
        .order_by("first_name", "last_name", "username")
        .distinct()
    )


def current_coach(profile):
    """The profile's coach if they still coach (active, in Coaches), else None.

    A pairing can outlive the role (data from before the hand-over, or a change mid-request):
    nobody is named as a coach who is not one.
    """
    coach = profile.coach if profile is not None else None
    return coach if coach is not None and is_coach(coach) else None
