"""Real browser: a reader thanks a story's author; the author sees it on the dashboard."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories import AuthorFactory, StoryPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
SHOTS = Path(os.environ.get("STORYWERK_E2E_SHOTS", "/nonexistent"))
WORDS = "Your story about the night shift made my week."


def test_a_reader_thanks_the_author_who_sees_it_on_the_dashboard(
    new_page, login, author, english_admin
):
    story = StoryPageFactory(owner=author, live=True, title="The night shift")
    AuthorFactory(username="reader")

    reader = login(new_page(), "reader")
    reader.goto(story.url)
    form = reader.locator("#thanks")
    form.screenshot(path=str(SHOTS / "coach-thanks-form.png"))
    form.get_by_role("textbox").fill(WORDS)
    form.get_by_role("button").click()
    expect(reader.locator("#thanks [role=status]")).to_be_visible()
    expect(reader.get_by_text(WORDS)).to_have_count(0)  # never shown on the story page

    writer = login(new_page(), author.username)
    panel = writer.locator("section[aria-labelledby=story-thanks-heading]")
    expect(panel.get_by_text(WORDS)).to_be_visible()
    panel.screenshot(path=str(SHOTS / "coach-thanks-panel.png"))
    panel.get_by_role("button", name="Hide").click()
    writer.wait_for_url("**/admin/")
    expect(writer.get_by_text(WORDS)).to_have_count(0)
