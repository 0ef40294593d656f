"""Review due dates: reminders (at most once a day), the coach's usual reply time."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from cms.scheduler import registered_jobs
from stories.pipeline.board import coach_reply_days
from tests.factories import AuthorFactory, CoachFactory, EditorFactory, StoryPageFactory
from tests.stories.conftest import approve_step, request_changes, submit

pytestmark = pytest.mark.django_db


def remind(at):
    mail.outbox.clear()
    with time_machine.travel(at, tick=False):
        call_command("send_review_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return sorted(message.to[0] for message in mail.outbox)


@pytest.fixture
def waiting(review_workflow, author, coach, editor):
    """A story that entered the coach step at `start`."""
    start = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    story = StoryPageFactory(owner=author, title="Waiting story", live=False)
    with time_machine.travel(start, tick=False):
        submit(review_workflow, story, author)
    return story, start


def test_no_reminder_before_the_due_days_have_passed(waiting):
    _story, start = waiting
    assert remind(start + timedelta(days=3)) == []


def test_coach_is_reminded_once_the_review_is_overdue(waiting, coach):
    story, start = waiting
    assert remind(start + timedelta(days=3, hours=1)) == [coach.email]
    assert "Waiting story" in mail.outbox[0].subject
    assert f"/admin/pages/{story.pk}/edit/" in mail.outbox[0].body


def test_at_most_one_reminder_per_review_per_day(waiting, coach):
    _story, start = waiting
    assert remind(start + timedelta(days=3, hours=1)) == [coach.email]
    assert remind(start + timedelta(days=3, hours=5)) == []
    assert remind(start + timedelta(days=4, hours=1)) == [coach.email]


def test_editors_are_added_after_twice_the_limit(waiting, coach, editor):
    editor2 = EditorFactory(username="editor2")
    _story, start = waiting
    assert remind(start + timedelta(days=6)) == [coach.email]
    assert remind(start + timedelta(days=7)) == sorted([coach.email, editor.email, editor2.email])


def test_editorial_step_reminds_the_editors(review_workflow, author, coach, editor):
    story = StoryPageFactory(owner=author, live=False)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        submit(review_workflow, story, author)
        approve_step(story, coach)
    assert remind(start + timedelta(days=3, minutes=1)) == [editor.email]


def test_a_finished_review_is_not_reminded(review_workflow, author, coach):
    story = StoryPageFactory(owner=author, live=False)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        submit(review_workflow, story, author)
        request_changes(story, coach)
    assert remind(start + timedelta(days=10)) == []


def test_author_without_a_coach_reminds_the_coaches_group(review_workflow, coach):
    lonely = AuthorFactory()
    story = StoryPageFactory(owner=lonely, live=False)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        submit(review_workflow, story, lonely)
    other = CoachFactory(username="coach2")
    assert remind(start + timedelta(days=4)) == sorted([coach.email, other.email])


def test_reminders_run_daily_on_the_scheduler():
    jobs = {job.name: job for job in registered_jobs()}
    assert jobs["send_review_reminders"].seconds == 86400


def _reviews(workflow, coach, author, durations):
    """One finished coach review per duration, oldest first."""
    start = timezone.now() - timedelta(days=400)
    for n, duration in enumerate(durations):
        story = StoryPageFactory(owner=author, live=False)
        begin = start + timedelta(days=10 * n)
        with time_machine.travel(begin, tick=False):
            submit(workflow, story, author)
        with time_machine.travel(begin + duration, tick=False):
            if n % 2:
                request_changes(story, coach)
            else:
                approve_step(story, coach)


def test_median_reply_time_of_the_coach(review_workflow, coach, author):
    _reviews(review_workflow, coach, author, [timedelta(days=d) for d in (1, 2, 9)])
    assert coach_reply_days(coach) == 2


def test_median_is_rounded_up_to_whole_days(review_workflow, coach, author):
    _reviews(review_workflow, coach, author, [timedelta(hours=h) for h in (5, 30, 30, 50)])
    assert coach_reply_days(coach) == 2  # median 30 hours


def test_median_uses_only_the_last_20_reviews(review_workflow, coach, author):
    _reviews(
        review_workflow,
        coach,
        author,
        [timedelta(days=9)] * 5 + [timedelta(days=1)] * 20,
    )
    assert coach_reply_days(coach) == 1


def test_median_counts_only_the_coach_step_and_only_this_coach(
    review_workflow, coach, author, editor
):
    other = CoachFactory()
    story = StoryPageFactory(owner=author, live=False)
    start = timezone.now() - timedelta(days=30)
    with time_machine.travel(start, tick=False):
        submit(review_workflow, story, author)
    with time_machine.travel(start + timedelta(days=1), tick=False):
        approve_step(story, coach)
    with time_machine.travel(start + timedelta(days=20), tick=False):
        request_changes(story, editor)  # editorial step: not a coach reply
    assert coach_reply_days(coach) == 1
    assert coach_reply_days(other) is None
    assert coach_reply_days(None) is None
