"""Journey (c) of the foundation: internal stories need a login; public ones do not."""

import re

import pytest
from playwright.sync_api import expect

from stories.models import Audience
from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_reader_browses_stories_and_internal_story_asks_for_login(new_page, login, author, author2):
    StoryPageFactory(owner=author, title="An open story", slug="open")
    StoryPageFactory(
        owner=author, title="An inside story", slug="inside", audience=Audience.INTERNAL
    )
    page = new_page()
    page.goto("/stories/")
    expect(page.get_by_role("heading", name="An open story")).to_be_visible()
    expect(page.get_by_text("An inside story")).to_have_count(0)

    page.goto("/stories/inside/")
    expect(page).to_have_url(re.compile(r"/login/\?next="))

    login(page, "author2")
    page.goto("/stories/inside/")
    expect(page.get_by_role("heading", level=1)).to_have_text("An inside story")
