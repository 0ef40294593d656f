"""Where a story is in its review (stories/review/status.py): one answer for every screen."""

import pytest

from stories.models import StoryPage
from stories.review.status import ReviewStage, review_stage
from tests.factories import StoryPageFactory
from tests.stories.conftest import approve_step, request_changes, submit

pytestmark = pytest.mark.django_db


def _stage(story):
    story = StoryPage.objects.get(pk=story.pk)
    return review_stage(story.current_workflow_state, live=story.live)


def test_a_story_moves_through_every_stage(review_workflow, author, coach, editor):
    story = StoryPageFactory(owner=author, live=False)
    assert _stage(story) == ReviewStage.DRAFT
    submit(review_workflow, story, author)
    assert _stage(story) == ReviewStage.WITH_COACH
    approve_step(story, coach)
    assert _stage(story) == ReviewStage.WITH_EDITORS
    request_changes(story, editor)
    assert _stage(story) == ReviewStage.CHANGES_REQUESTED


def test_scheduled_and_live_come_from_the_page_when_no_review_runs(author):
    story = StoryPageFactory(owner=author, live=True)
    assert review_stage(None, live=True) == ReviewStage.LIVE
    assert review_stage(None, scheduled=True, live=True) == ReviewStage.SCHEDULED
    assert _stage(story) == ReviewStage.LIVE


def test_the_coach_step_is_known_by_its_type_not_its_position(
    review_workflow, author, coach, editor
):
    # Editors first, coach second: the stage follows the task, wherever it sits.
    review_workflow.workflow_tasks.filter(sort_order=0).update(sort_order=5)
    story = StoryPageFactory(owner=author, live=False)
    submit(review_workflow, story, author)
    assert _stage(story) == ReviewStage.WITH_EDITORS
    approve_step(story, editor)
    assert _stage(story) == ReviewStage.WITH_COACH
