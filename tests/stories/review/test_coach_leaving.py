"""A coach who leaves coaching by any route hands their reviews and authors over
(authors/pairing.py release_coach, stories/review/handover.py)."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from authors.erasure import erase_author
from authors.models import AuthorProfile
from authors.roles import COACHES_GROUP
from stories.models import CoachReviewTaskState, StoryPage
from tests.factories import AuthorProfileFactory, CoachFactory, StoryPageFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_default_language")]


def _coaches():
    return Group.objects.get(name=COACHES_GROUP)


def _remove_by_user_groups_remove(coach, admin):
    coach.groups.remove(_coaches())


def _remove_by_group_user_set_remove(coach, admin):
    _coaches().user_set.remove(coach)


def _remove_by_user_groups_clear(coach, admin):
    coach.groups.clear()


def _remove_by_group_user_set_clear(coach, admin):
    others = list(_coaches().user_set.exclude(pk=coach.pk))
    _coaches().user_set.clear()
    _coaches().user_set.add(*others)  # the others come back (e.g. the group was rebuilt)


def _remove_in_the_admin_user_form(coach, admin, client=None):
    from wagtail.users.forms import UserEditForm

    data = {
        "username": coach.username,
        "email": coach.email,
        "first_name": coach.first_name,
        "last_name": coach.last_name,
        "is_active": "on",
        "groups": [],
    }
    form = UserEditForm(data=data, instance=coach, editing_self=False)
    assert form.is_valid(), form.errors
    form.save()


def _sign_in_drops_the_claim(coach, admin):
    """A single sign-on that syncs groups from the identity provider's claims at each sign-in
    (none ships; this is how such a backend writes them): the claim no longer names Coaches."""
    from django.contrib.auth.signals import user_logged_in
    from django.test import Client

    def sync_groups_from_claims(sender, user, **kwargs):
        user.groups.set(list(user.groups.exclude(name=COACHES_GROUP)))

    user_logged_in.connect(sync_groups_from_claims)
    try:
        Client().force_login(coach)
    finally:
        user_logged_in.disconnect(sync_groups_from_claims)


def _deactivate(coach, admin):
    coach.is_active = False
    coach.save()


def _erase(coach, admin):
    profile = AuthorProfileFactory(user=coach)
    erase_author(profile, admin)


ROUTES = [
    _remove_by_user_groups_remove,
    _remove_by_group_user_set_remove,
    _remove_by_user_groups_clear,
    _remove_by_group_user_set_clear,
    _remove_in_the_admin_user_form,
    _sign_in_drops_the_claim,
    _deactivate,
    _erase,
]


@pytest.fixture
def clara(db):
    return CoachFactory(username="clara", first_name="Clara", last_name="Hof")


@pytest.fixture
def waiting(clara, author):
    AuthorProfile.objects.filter(user=author).update(coach=clara)
    author.refresh_from_db()
    story = StoryPageFactory(owner=author, live=False, title="Night shift")
    story.get_workflow().start(story, author)
    state = CoachReviewTaskState.objects.get(workflow_state__object_id=str(story.pk))
    assert state.assigned_coach == clara
    mail.outbox.clear()
    return state


@pytest.fixture
def admin(db):
    return UserFactory(is_superuser=True)


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.__name__.lstrip("_"))
def test_coach_leaving_hands_the_waiting_review_and_the_pairing_over(
    route, clara, author, coach, waiting, admin
):
    route(clara, admin)
    coach = type(coach).objects.get(pk=coach.pk)
    waiting.refresh_from_db()
    assert waiting.assigned_coach is None
    assert AuthorProfile.objects.get(user=author).coach is None
    page = StoryPage.objects.get(pk=waiting.workflow_state.object_id)
    task = waiting.task.specific
    # Another coach finds it in their queue and may act on it.
    assert task.get_task_states_user_can_moderate(coach).filter(pk=waiting.pk).exists()
    assert task.get_actions(page, coach)
    to_coaches = [m for m in mail.outbox if coach.email in m.to]
    if route is not _remove_by_group_user_set_clear:  # then nobody was a coach to tell
        assert to_coaches and "Night shift" in to_coaches[0].subject
    to_author = [m for m in mail.outbox if author.email in m.to]
    assert to_author
    if route is not _erase:  # erasure blanks the name before anyone is told
        assert "Clara Hof has left coaching; your story" in to_author[0].body


def test_removed_coach_may_no_longer_act_even_if_still_assigned(clara, coach, author, waiting):
    # The review rules ask for membership, not only is_active (state written before handover).
    CoachReviewTaskState.objects.filter(pk=waiting.pk).update(assigned_coach=clara)
    Group.objects.get(name=COACHES_GROUP).user_set.through.objects.filter(user=clara).delete()
    waiting.refresh_from_db()
    page = StoryPage.objects.get(pk=waiting.workflow_state.object_id)
    task = waiting.task.specific
    clara = type(clara).objects.get(pk=clara.pk)
    assert task.get_actions(page, clara) == []
    assert task.get_actions(page, coach)
    assert task.get_task_states_user_can_moderate(coach).filter(pk=waiting.pk).exists()


def test_another_coach_can_open_the_story_after_the_group_removal(client, clara, coach, waiting):
    clara.groups.remove(_coaches())
    client.force_login(coach)
    page_pk = waiting.workflow_state.object_id
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page_pk]))
    assert response.status_code == 200


def test_leaving_another_group_hands_nothing_over(clara, waiting):
    other = Group.objects.create(name="Book club")
    clara.groups.add(other)
    clara.groups.remove(other)
    other.user_set.clear()
    waiting.refresh_from_db()
    assert waiting.assigned_coach == clara
    assert mail.outbox == []
