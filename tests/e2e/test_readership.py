"""Journey: an anonymous reader opens a story, the beacon arrives, the author sees 1 view."""

import pytest
from playwright.sync_api import expect

from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_anonymous_readers_view_reaches_the_authors_dashboard(new_page, login, author):
    story = StoryPageFactory(owner=author, title="A story worth reading", slug="worth-reading")

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

    author_page.goto(f"/admin/readership/story/{story.pk}/")
    # The admin speaks the site default, German: "LinkedIn share" is "Über LinkedIn geteilt".
    sources = author_page.locator(".rs-bars").first
    expect(sources.get_by_text("Über LinkedIn geteilt")).to_be_visible()


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


def test_a_story_served_from_the_page_cache_still_counts_its_share_source(
    new_page, author, settings
):
    settings.STORYWERK_PAGE_CACHE_ENABLED = True
    StoryPageFactory(owner=author, title="Cached and shared", slug="cached-shared")

    def view_beacon(request):
        return "/readership/beacon" in request.url and "kind=view" in (request.post_data or "")

    first = new_page()
    with first.expect_request(view_beacon):
        first.goto("/stories/cached-shared/?utm_source=launch")  # fills the cache
    # Another reader (another browser) follows the newsletter link: the same cached page.
    second = new_page(user_agent="Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Firefox/133.0")
    with second.expect_response(lambda r: view_beacon(r.request)) as beacon:
        response = second.goto("/stories/cached-shared/?src=newsletter&utm_medium=email")
    assert response.headers["x-page-cache"] == "hit"
    assert "src=newsletter" in beacon.value.request.post_data
    assert beacon.value.status == 204  # answered after the count was written

    from stories.models import StoryDailyViews

    rows = StoryDailyViews.objects.filter(story__slug="cached-shared")
    assert set(rows.values_list("source", flat=True)) == {"direct", "newsletter"}
