"""Journey: the author writes and submits with a note, the coach requests
changes, the author fixes and resubmits, the coach approves, the editor publishes, and an
anonymous reader reads the fixed story."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect
from wagtail.models import TaskState, WorkflowState

from stories.models import CoachReviewTaskState, StoryPage
from tests.e2e.admin_steps import (
    approve_from_dashboard,
    replace_body_text,
    request_changes_from_dashboard,
    submit_to_coach,
    write_story,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "The parcel that went round twice"
FIRST_DRAFT = "It was a parcel. It went round. Twice, I think."
FIXED = "On Monday the same parcel passed our scanner twice, and that is how we found the loop."
COMMENT = "What happened exactly? Start with the day and the scanner."


def workflow_states(story):
    return list(WorkflowState.objects.filter(object_id=str(story.pk)).order_by("created_at", "pk"))


def task_states(workflow_state):
    return [
        (state.task.name, state.status)
        for state in TaskState.objects.filter(workflow_state=workflow_state).order_by(
            "started_at", "pk"
        )
    ]


def test_coach_requests_changes_author_fixes_and_the_fixed_story_goes_live(
    new_page, login, english_admin, author, coach
):
    author_page, story, first_run = _author_writes_and_submits(new_page, login, coach)
    coach_page, edit_link = _coach_requests_changes(new_page, login, author, story, first_run)
    second_run = _author_fixes_and_resubmits(author_page, story, first_run, edit_link)
    _both_steps_approve(new_page, login, coach_page, story, second_run)
    # 6. An anonymous reader reads the fixed text on the public page.
    reader = new_page()
    reader.goto(story.url)
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(reader.get_by_text(FIXED)).to_be_visible()
    expect(reader.get_by_text(FIRST_DRAFT)).to_have_count(0)


def _author_writes_and_submits(new_page, login, coach):
    """1. The author writes a public story and submits it to the coach with a note."""
    author_page = new_page()
    login(author_page, "author")
    write_story(author_page, TITLE, "A parcel, a scanner and a loop nobody saw.", FIRST_DRAFT)
    # The audience is on the first tab, two radio buttons (Internal chosen).
    author_page.get_by_role("radio", name="Everyone").check()
    submit_to_coach(author_page, note="Is the ending clear enough?")

    story = StoryPage.objects.get(title=TITLE)
    [first_run] = workflow_states(story)
    assert first_run.status == WorkflowState.STATUS_IN_PROGRESS
    assert task_states(first_run) == [("Coach review", TaskState.STATUS_IN_PROGRESS)]
    coach_state = CoachReviewTaskState.objects.get(workflow_state=first_run)
    assert coach_state.assigned_coach == coach
    assert coach_state.note == "Is the ending clear enough?"
    assert not story.live
    return author_page, story, first_run


def _coach_requests_changes(new_page, login, author, story, first_run):
    """2. The coach finds it on the dashboard, with the note, and requests changes."""
    coach_page = new_page()
    login(coach_page, "coach")
    expect(coach_page.get_by_text("Is the ending clear enough?")).to_be_visible()
    mail.outbox.clear()
    request_changes_from_dashboard(coach_page, TITLE, COMMENT)

    first_run.refresh_from_db()
    assert first_run.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert task_states(first_run) == [("Coach review", TaskState.STATUS_REJECTED)]
    coach_state = CoachReviewTaskState.objects.get(workflow_state=first_run)
    assert coach_state.comment == COMMENT
    assert coach_state.finished_by.username == "coach"
    # The author is told by email, with the comment and a link to the story.
    [changes_mail] = [m for m in mail.outbox if m.to == [author.email]]
    assert TITLE in changes_mail.subject
    assert COMMENT in changes_mail.body
    edit_link = re.search(r"https?://[^/\s]+(/admin/pages/\d+/edit/)", changes_mail.body)
    assert edit_link.group(1) == f"/admin/pages/{story.pk}/edit/"
    return coach_page, edit_link.group(1)


def _author_fixes_and_resubmits(author_page, story, first_run, edit_link):
    """3. The author sees the request on the dashboard and in the editor the mail links to,
    4. fixes the text and submits again: the story goes back to the coach (step 1)."""
    author_page.goto("/admin/")
    row = author_page.locator(f'tr[data-my-story="{story.pk}"]')
    expect(row).to_contain_text("Changes requested")
    expect(row).to_contain_text(COMMENT)
    author_page.goto(edit_link)
    expect(author_page.locator(".messages")).to_contain_text(COMMENT)

    replace_body_text(author_page, FIXED)
    submit_to_coach(author_page, note="Rewrote the opening.")

    first_run.refresh_from_db()
    assert first_run.status == WorkflowState.STATUS_CANCELLED
    assert task_states(first_run) == [("Coach review", TaskState.STATUS_REJECTED)]
    second_run = workflow_states(story)[-1]
    assert second_run.pk != first_run.pk
    assert second_run.status == WorkflowState.STATUS_IN_PROGRESS
    assert task_states(second_run) == [("Coach review", TaskState.STATUS_IN_PROGRESS)]
    story.refresh_from_db()
    assert story.current_workflow_task.name == "Coach review"
    assert FIXED in str(second_run.current_task_state.revision.as_object().body)
    assert not story.live
    return second_run


def _both_steps_approve(new_page, login, coach_page, story, second_run):
    """5. The coach approves the fixed version, the editor approves at the editorial step."""
    coach_page.reload()
    expect(coach_page.get_by_text("Rewrote the opening.")).to_be_visible()
    approve_from_dashboard(coach_page, TITLE)
    second_run.refresh_from_db()
    assert task_states(second_run) == [
        ("Coach review", TaskState.STATUS_APPROVED),
        ("Editorial review", TaskState.STATUS_IN_PROGRESS),
    ]
    story.refresh_from_db()
    assert story.current_workflow_task.name == "Editorial review"
    assert not story.live

    editor_page = new_page()
    login(editor_page, "editor")
    approve_from_dashboard(editor_page, TITLE)

    second_run.refresh_from_db()
    assert second_run.status == WorkflowState.STATUS_APPROVED
    assert task_states(second_run) == [
        ("Coach review", TaskState.STATUS_APPROVED),
        ("Editorial review", TaskState.STATUS_APPROVED),
    ]
    story.refresh_from_db()
    assert story.live
    assert story.current_workflow_state is None
    assert FIXED in str(story.body)
