"""CoachReviewTask / CoachReviewTaskState: who reviews step 1 (stories/review/coach_task.py)."""

import pytest
from django.urls import reverse
from wagtail.models import TaskState

from stories.models import CoachReviewTask, CoachReviewTaskState, StoryPage
from stories.review.setup import WORKFLOW_NAME
from tests.factories import AuthorFactory, CoachFactory, EditorFactory, StoryPageFactory

pytestmark = pytest.mark.django_db


def _start(page, user):
    page.get_workflow().start(page, user)
    return CoachReviewTaskState.objects.get(workflow_state__object_id=str(page.pk))


def test_migration_attaches_story_review_workflow_to_the_story_index():
    story = StoryPageFactory(live=False)
    workflow = story.get_workflow()
    assert workflow.name == WORKFLOW_NAME
    tasks = [task.specific for task in workflow.tasks]
    assert isinstance(tasks[0], CoachReviewTask)
    assert [g.name for g in tasks[1].groups.all()] == ["Editors"]


def test_review_is_assigned_to_the_authors_coach_when_the_step_starts(author, coach):
    state = _start(StoryPageFactory(owner=author, live=False), author)
    assert state.assigned_coach == coach
    assert not state.reviewer_is_group


def test_author_without_coach_goes_to_the_coaches_group(coach):
    lonely = AuthorFactory()
    other_coach = CoachFactory()
    story = StoryPageFactory(owner=lonely, live=False)
    state = _start(story, lonely)
    assert state.assigned_coach is None
    page = StoryPage.objects.get(pk=story.pk)
    for user in (coach, other_coach):
        assert [a[0] for a in state.task.specific.get_actions(page, user)][0] == "reject"
    assert state.task.specific.get_actions(page, lonely) == []


def test_deactivated_coach_reviews_fall_back_to_the_coaches_group(author, coach):
    other_coach = CoachFactory()
    story = StoryPageFactory(owner=author, live=False)
    state = _start(story, author)
    task = state.task.specific
    page = StoryPage.objects.get(pk=story.pk)
    assert task.get_actions(page, other_coach) == []
    coach.is_active = False
    coach.save()
    page = StoryPage.objects.get(pk=story.pk)
    assert task.get_actions(page, other_coach)
    assert task.get_task_states_user_can_moderate(other_coach).filter(pk=state.pk).exists()


def test_coach_deactivated_before_submission_is_not_assigned(author, coach):
    coach.is_active = False
    coach.save()
    state = _start(StoryPageFactory(owner=author, live=False), author)
    assert state.assigned_coach is None


def test_only_the_assigned_coach_may_act_on_step_one(client, author, coach):
    other_coach = CoachFactory()
    editor = EditorFactory()
    story = StoryPageFactory(owner=author, live=False)
    state = _start(story, author)
    for user in (other_coach, author, editor):
        client.force_login(user)
        url = reverse("wagtailadmin_pages:workflow_action", args=[story.pk, "approve", state.pk])
        response = client.post(url)
        # Wagtail's admin turns PermissionDenied into a redirect to the dashboard; a coach
        # not paired with the author may not even know the story (404).
        assert response.status_code in (302, 403, 404)
        assert response.get("Location", "/admin/") == "/admin/"
        state.refresh_from_db()
        assert state.status == TaskState.STATUS_IN_PROGRESS, user


def test_coach_cannot_act_on_the_editorial_step(client, author, coach):
    story = StoryPageFactory(owner=author, live=False)
    state = _start(story, author)
    state.approve(user=coach)
    page = StoryPage.objects.get(pk=story.pk)
    editorial = page.current_workflow_task_state
    client.force_login(coach)
    url = reverse("wagtailadmin_pages:workflow_action", args=[story.pk, "approve", editorial.pk])
    client.post(url)
    editorial.refresh_from_db()
    assert editorial.status == TaskState.STATUS_IN_PROGRESS
    assert page.current_workflow_task.get_actions(page, EditorFactory())


def test_reviewers_of_the_group_fallback_are_the_active_coaches(coach):
    inactive = CoachFactory(is_active=False)
    lonely = AuthorFactory()
    state = _start(StoryPageFactory(owner=lonely, live=False), lonely)
    reviewers = state.task.specific.reviewers_for(state)
    assert coach in reviewers
    assert inactive not in reviewers
