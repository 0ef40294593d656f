"""Journey of issue 3: write, submit with a note, coach approves, editor publishes, it's live."""

import re

import pytest
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from stories.models import StoryPage

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def english_admin(author, coach, editor):
    # The admin defaults to German; English labels keep the selectors readable.
    for user in (author, coach, editor):
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "en"
        profile.save()


def _approve_from_dashboard(page, title):
    page.goto("/admin/")
    row = page.locator("tr[data-awaiting-review]", has_text=title)
    expect(row).to_be_visible()
    row.get_by_role("button", name="Actions").click()
    with page.expect_navigation():
        row.get_by_role("button", name="Approve", exact=True).click()


def test_author_writes_coach_approves_editor_publishes(new_page, login, english_admin):
    author_page = new_page()
    login(author_page, "author")
    author_page.get_by_role("link", name="Write a story").click()
    author_page.fill("#id_title", "Night shift at the wind farm")
    author_page.fill("#id_teaser", "What happens when the wind never stops.")
    author_page.locator("#id_title").blur()
    author_page.get_by_role("button", name="Insert a block").first.click()
    author_page.get_by_role("option", name="Paragraph").click()
    editor_box = author_page.locator(".Draftail-Editor [contenteditable=true]").first
    editor_box.click()
    editor_box.press_sequentially("The turbines sang all night.")
    author_page.fill("#id_coach_note", "My first story, please be gentle")
    expect(editor_box).to_have_text("The turbines sang all night.")
    # Draftail copies its content into a hidden input on change; submit only once it has.
    expect(author_page.locator('input[name="body-0-value"]')).to_have_value(re.compile("turbines"))
    expect(author_page.locator("#id_slug")).to_have_value("night-shift-at-the-wind-farm")
    author_page.get_by_role("button", name="Submit to my coach").click()
    expect(author_page.locator(".messages .success")).to_be_visible()
    story = StoryPage.objects.get(title="Night shift at the wind farm")
    assert story.current_workflow_task.name == "Coach review"

    coach_page = new_page()
    login(coach_page, "coach")
    expect(coach_page.get_by_text("My first story, please be gentle")).to_be_visible()
    _approve_from_dashboard(coach_page, "Night shift at the wind farm")

    editor_page = new_page()
    login(editor_page, "editor")
    _approve_from_dashboard(editor_page, "Night shift at the wind farm")

    story.refresh_from_db()
    assert story.live
    # Stories are internal by default: a logged-in colleague reads it.
    reader = author_page
    reader.goto(story.url)
    expect(reader.get_by_role("heading", level=1)).to_have_text("Night shift at the wind farm")
    expect(reader.get_by_text("The turbines sang all night.")).to_be_visible()
    assert re.search(r"/stories/night-shift-at-the-wind-farm/$", reader.url)
