"""Who may be mentioned in a story's comments: the people who can open it.

The story's authors, their coaches (and the coach reviewing it now, or every staff coach
while the coach step waits for the Coaches group), the editors; each one
checked against the draft-privacy rule (`stories.permissions.restrict_pages_for`), so nobody
is offered, or told of, a story they could not open.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.admin.utils import get_user_display_name
from wagtail.models import Page, TaskState

from authors.roles import (
    COACHES_GROUP,
    EDITORS_GROUP,
    active_members,
    current_coach,
    is_editor,
)
from stories.permissions import restrict_pages_for


def display_name(user):
    """The name the comments show (Wagtail's own: full name, else the username)."""
    return str(get_user_display_name(user))


def may_open(user, page):
    """True if the draft-privacy rule lets this user open the story."""
    if not user.is_active:
        return False
    if is_editor(user):
        return True
    return restrict_pages_for(user, Page.objects.filter(pk=page.pk)).exists()


def _related_ids(story):
    """Ids of the story's authors and coaches (paired, and reviewing it now)."""
    from stories.models import CoachReviewTaskState

    author_ids = story.author_user_ids()
    if story.pk and story.has_unpublished_changes:
        # Co-authors added to a live story's draft live only in its latest revision.
        author_ids |= story.get_latest_revision_as_object().author_user_ids()
    User = get_user_model()
    authors = User.objects.filter(pk__in=author_ids).select_related("author_profile")
    ids = set(author_ids)
    for author in authors:
        coach = current_coach(getattr(author, "author_profile", None))
        if coach is not None:
            ids.add(coach.pk)
    reviews = CoachReviewTaskState.objects.filter(
        workflow_state__object_id=str(story.pk), status=TaskState.STATUS_IN_PROGRESS
    ).select_related("assigned_coach")
    for review in reviews:
        if not review.reviewer_is_group:
            ids.add(review.assigned_coach_id)
        else:
            # The step fell back to the Coaches group: any of them may take it, so all of
            # them may be mentioned (may_open still asks the draft-privacy rule of each).
            ids.update(active_members(COACHES_GROUP).values_list("pk", flat=True))
    return ids


def mentionable_people(story):
    """Active users who may be mentioned on this story, ordered by display name."""
    candidates = (
        get_user_model()
        .objects.filter(
            Q(pk__in=_related_ids(story)) | Q(groups__name=EDITORS_GROUP) | Q(is_superuser=True),
            is_active=True,
        )
        .distinct()
        .prefetch_related("groups")
    )
    people = [user for user in candidates if may_open(user, story)]
    return sorted(people, key=lambda user: display_name(user).casefold())


def matching_people(story, prefix, *, exclude=None, limit=10):
    """Mentionable people whose display name (or any word of it) starts with `prefix`."""
    prefix = prefix.strip().casefold()
    matches = []
    for user in mentionable_people(story):
        if exclude is not None and user.pk == exclude.pk:
            continue
        name = display_name(user).casefold()
        if (
            not prefix
            or name.startswith(prefix)
            or any(word.startswith(prefix) for word in name.split())
        ):
            matches.append(user)
    return matches[:limit]
