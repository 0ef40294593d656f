"""Who is who: the role groups and every check of a user's role, in one place.

Roles are Django groups (docs/architecture.md has the role table). A user's groups are
read once per user object and kept on it: menus, listings and panels ask many times per
request. The permissions each group holds are granted by cms/roles.py (a data migration).
"""

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext_lazy as _

AUTHORS_GROUP = "Authors"
COACHES_GROUP = "Coaches"
EDITORS_GROUP = "Editors"
# External writing coaches (an agency's staff): they coach the authors paired with them and
# nothing else. Not employees: no internal stories of others, no fallback reviews.
AGENCY_COACHES_GROUP = "Agency coaches"
COACH_GROUPS = (COACHES_GROUP, AGENCY_COACHES_GROUP)


class InvitedRole(models.TextChoices):
    """The role an invitation grants (authors.invitations adds the groups of each)."""

    AUTHOR = "author", _("Author")
    COACH = "coach", _("Coach")
    AGENCY_COACH = "agency_coach", _("Agency coach")
    EDITOR = "editor", _("Editor")


# The groups each invited role joins. Employees all write; an agency coach only coaches.
INVITED_ROLE_GROUPS = {
    InvitedRole.AUTHOR: (AUTHORS_GROUP,),
    InvitedRole.COACH: (AUTHORS_GROUP, COACHES_GROUP),
    InvitedRole.AGENCY_COACH: (AGENCY_COACHES_GROUP,),
    InvitedRole.EDITOR: (AUTHORS_GROUP, EDITORS_GROUP),
}


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
    """Any active, logged-in account but an agency coach's is an employee and may read
    internal stories."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or not is_agency_coach(user))
    )


def is_coach(user):
    """Coaches of either kind: they coach the authors paired with them."""
    return bool(user.is_active and group_names(user) & set(COACH_GROUPS))


def is_agency_coach(user):
    """An external coach: their paired authors' stories and reviews only, never the group's."""
    return bool(
        user.is_authenticated
        and AGENCY_COACHES_GROUP in group_names(user)
        and COACHES_GROUP not in group_names(user)
        and not is_editor(user)
    )


def is_staff_coach(user):
    """A coach who is an employee: they also review for the Coaches group."""
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


def active_coaches():
    """Everyone an author may be paired with: active members of Coaches or Agency coaches."""
    return (
        get_user_model()
        .objects.filter(groups__name__in=COACH_GROUPS, is_active=True)
        .order_by("first_name", "last_name", "username")
        .distinct()
    )


def in_a_coach_group_now(user):
    """Membership of either coach group, read from the database (see in_group_now)."""
    return user.groups.filter(name__in=COACH_GROUPS).exists()


def current_coach(profile):
    """The profile's coach if they still coach (active, in Coaches), else None.

    A pairing can outlive the role (data from before the hand-over, or a change mid-request):
    nobody is named as a coach who is not one.
    """
    coach = profile.coach if profile is not None else None
    return coach if coach is not None and is_coach(coach) else None
