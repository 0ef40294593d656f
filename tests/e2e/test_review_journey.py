"""Journey: write, submit with a note, coach approves, editor publishes, it's live."""

import re

import pytest
from playwright.sync_api import expect

from stories.models import StoryPage
from tests.e2e.admin_steps import approve_from_dashboard, submit_to_coach, write_story

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_author_writes_coach_approves_editor_publishes(new_page, login, english_admin):
    author_page = new_page()
    login(author_page, "author")
    write_story(
        author_page,
        "Night shift at the wind farm",
        "What happens when the wind never stops.",
        "The turbines sang all night.",
    )
    expect(author_page.locator("#id_slug")).to_have_value("night-shift-at-the-wind-farm")
    submit_to_coach(author_page, note="My first story, please be gentle")
    story = StoryPage.objects.get(title="Night shift at the wind farm")
    assert story.current_workflow_task.name == "Coach review"

    coach_page = new_page()
    login(coach_page, "coach")
    expect(coach_page.get_by_text("My first story, please be gentle")).to_be_visible()
    approve_from_dashboard(coach_page, "Night shift at the wind farm")

    editor_page = new_page()
    login(editor_page, "editor")
    approve_from_dashboard(editor_page, "Night shift at the wind farm")

    story.refresh_from_db()
    assert story.live
    # Stories are internal by default: a logged-in colleague reads it.
    reader = author_page
    reader.goto(story.url)
    expect(reader.get_by_role("heading", level=1)).to_have_text("Night shift at the wind farm")
    expect(reader.get_by_text("The turbines sang all night.")).to_be_visible()
    assert re.search(r"/stories/night-shift-at-the-wind-farm/$", reader.url)
