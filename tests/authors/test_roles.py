"""Role checks (authors/roles.py): one definition of who is a coach, an editor, an employee."""

import pytest
from django.contrib.auth.models import AnonymousUser

from authors.roles import (
    COACHES_GROUP,
    EDITORS_GROUP,
    active_members,
    is_coach,
    is_editor,
    is_employee,
)
from tests.factories import AuthorFactory, CoachFactory, EditorFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_each_role_is_recognised_and_only_that_role():
    author, coach, editor = AuthorFactory(), CoachFactory(), EditorFactory()
    admin = UserFactory(is_superuser=True)
    assert [is_coach(u) for u in (author, coach, editor, admin)] == [False, True, False, False]
    assert [is_editor(u) for u in (author, coach, editor, admin)] == [False, False, True, True]


def test_a_deactivated_account_holds_no_role_and_is_no_employee():
    coach = CoachFactory(is_active=False)
    editor = EditorFactory(is_active=False)
    assert not is_coach(coach) and not is_editor(editor) and not is_employee(coach)


def test_anonymous_readers_are_not_employees():
    assert not is_employee(AnonymousUser()) and not is_employee(None)
    assert is_employee(AuthorFactory())


def test_a_users_groups_are_queried_once_per_user_object(django_assert_num_queries):
    coach = CoachFactory()
    with django_assert_num_queries(1):
        for _ in range(3):
            is_coach(coach), is_editor(coach)


def test_active_members_lists_the_active_people_of_a_role_by_name():
    zoe = CoachFactory(first_name="Zoe", last_name="Adams")
    anna = CoachFactory(first_name="Anna", last_name="Berg")
    CoachFactory(first_name="Gone", is_active=False)
    EditorFactory(first_name="Eve")
    assert list(active_members(COACHES_GROUP)) == [anna, zoe]
    assert [user.first_name for user in active_members(EDITORS_GROUP)] == ["Eve"]
