"""Real browser: an author opts out of the leaderboard; anonymous readers of the cached
/most-read/ page no longer see the name on their next visit."""

import pytest
from playwright.sync_api import expect

from tests.cms.test_page_cache_people import named_storyteller

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_opting_out_removes_the_name_from_the_cached_most_read_page(new_page, login, settings):
    settings.STORYWERK_PAGE_CACHE_ENABLED = True
    named_storyteller()

    reader = new_page(extra_http_headers={"Accept-Language": "en"})
    reader.goto("/most-read/")
    reader.reload()  # the second visit is answered by the page cache
    expect(reader.get_by_text("Olga Optout").first).to_be_visible()

    author = login(new_page(), "olga")
    author.goto("/admin/account/")
    checkbox = author.locator("input[name='author_profile-show_on_leaderboards']")
    checkbox.uncheck()
    author.locator("form button[type=submit]").last.click()
    author.wait_for_load_state()

    reader.reload()
    expect(reader.get_by_role("link", name="Olga's story").first).to_be_visible()
    expect(reader.get_by_text("Olga Optout")).to_have_count(0)
