"""The full journey, as the demo roles, through the admin views."""

import pytest
from django.core import mail
from wagtail.models import WorkflowState

from stories.models import CoachReviewTaskState, StoryPage

pytestmark = pytest.mark.django_db


def _state(page):
    return StoryPage.objects.get(pk=page.pk).current_workflow_state


def test_full_review_journey_goes_through_coach_twice_and_ends_live(
    driver, author, coach, editor, draft
):
    driver.login(author)
    response = driver.submit(draft, note="Please check the ending")
    assert response.status_code == 302
    coach_state = CoachReviewTaskState.objects.get()
    assert coach_state.assigned_coach == coach
    assert coach_state.note == "Please check the ending"

    driver.login(coach)
    assert driver.act(draft, "reject", comment="Shorter intro").status_code == 302
    assert _state(draft).status == WorkflowState.STATUS_NEEDS_CHANGES

    driver.login(author)
    assert driver.submit(draft, text="Better intro", note="Shortened").status_code == 302
    assert _state(draft).current_task_state.task.name == "Coach review"

    driver.login(coach)
    assert driver.act(draft, "approve").status_code == 302
    assert _state(draft).current_task_state.task.name == "Editorial review"

    driver.login(editor)
    assert driver.act(draft, "reject", comment="Add a photo caption").status_code == 302
    assert _state(draft).status == WorkflowState.STATUS_NEEDS_CHANGES

    driver.login(author)
    assert driver.submit(draft, text="With caption").status_code == 302
    # The fix goes back through the coach, not straight back to the editors.
    assert _state(draft).current_task_state.task.name == "Coach review"

    driver.login(coach)
    driver.act(draft, "approve")
    driver.login(editor)
    driver.act(draft, "approve")

    story = StoryPage.objects.get(pk=draft.pk)
    assert story.live
    assert "With caption" in str(story.body)
    assert driver.client.get(story.url).status_code == 200
    assert mail.outbox
