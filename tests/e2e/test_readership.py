"""Journey: an anonymous reader opens a story, the beacon arrives, the author sees 1 view."""

import pytest
from playwright.sync_api import expect

from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_anonymous_readers_view_reaches_the_authors_dashboard(new_page, login, author):
    StoryPageFactory(owner=author, title="A story worth reading", slug="worth-reading")

    reader = new_page()
    with reader.expect_response(
        lambda response: "/readership/beacon" in response.url and response.request.method == "POST"
    ) as beacon:
        reader.goto("/stories/worth-reading/?src=linkedin")
    assert beacon.value.status == 204

    author_page = new_page()
    login(author_page, "author")
    panel = author_page.locator("table.readership-table")
    row = panel.get_by_role("row", name="A story worth reading")
    # Views, daily readers, reads over 7 days, then 30 days, then all time.
    expect(row.get_by_role("cell")).to_have_text(["1", "1", "0", "1", "1", "0", "1", "1", "0"])

    author_page.goto("/admin/readership/")
    # The admin speaks the site default, German: "LinkedIn share" is "Über LinkedIn geteilt".
    expect(author_page.get_by_role("row", name="Über LinkedIn geteilt")).to_be_visible()


def test_a_reader_who_stays_sends_a_read(new_page, author, settings):
    settings.STORYWERK_READ_SECONDS = 1
    StoryPageFactory(owner=author, title="A short story", slug="short")
    reader = new_page()
    with reader.expect_response(
        lambda response: (
            "/readership/beacon" in response.url
            and "kind=read" in (response.request.post_data or "")
        )
    ) as read:
        reader.goto("/stories/short/")
    assert read.value.status == 204

    from stories.models import StoryDailyViews

    row = StoryDailyViews.objects.get(story__slug="short")
    assert (row.views, row.readers, row.reads) == (1, 1, 1)
