"""seed_demo leaves one draft waiting for the coach, with a note (so `make run` shows it)."""

import pytest
from django.core.management import call_command

from stories.models import CoachReviewTaskState

pytestmark = pytest.mark.django_db


def test_seed_demo_leaves_a_story_waiting_in_coach_review_with_a_note():
    call_command("seed_demo", password="a-long-test-password")
    call_command("seed_demo", password="a-long-test-password")  # idempotent
    state = CoachReviewTaskState.objects.get()
    assert state.assigned_coach.username == "coach"
    assert state.note
    assert state.workflow_state.content_object.specific.slug == "draft-night-shift-diary"
