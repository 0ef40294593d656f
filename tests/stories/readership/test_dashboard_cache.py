"""The admin's cached readership figures: fresh after a flush or a publish, never shared
between authors, and a number of queries that does not grow with stories or authors."""

import datetime

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from stories.readership import dashboard_cache, recording, storage
from stories.readership.counting import reading_day
from stories.readership.panels import ReadershipDashboardPanel
from tests.factories import AuthorFactory, StoryDailyViewsFactory, StoryPageFactory
from tests.stories.readership.conftest import make_beacon

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_default_language")]


def days_ago(n):
    return reading_day() - datetime.timedelta(days=n)


def render_panel(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return ReadershipDashboardPanel(request).render_html({"request": request})


def views_cell(html, title):
    """The all-time views cell of a story's row in a readership table."""
    row = html.split(f">{title}</a></th>")[1].split("</tr>")[0]
    return [cell.split("</td>")[0] for cell in row.split("<td>")[1:]][6]


def count_a_view(story, digest):
    recording.record_in_database(make_beacon(story, reading_day(), digest), 20)


@pytest.fixture
def story(author):
    story = StoryPageFactory(owner=author, title="The night the line stopped")
    StoryDailyViewsFactory(story=story, day=days_ago(3), views=10, readers=8)
    return story


# --- fresh after a flush ----------------------------------------------------------------------


def test_panel_is_served_from_the_cache_until_a_flush_then_shows_the_new_counts(author, story):
    assert views_cell(render_panel(author), story.title) == "10"
    count_a_view(story, "a" * 32)
    # The rollup changed, but no flush yet: the cached panel is what the author sees.
    assert views_cell(render_panel(author), story.title) == "10"
    storage.flush()
    assert views_cell(render_panel(author), story.title) == "11"


def test_redis_buffered_counts_appear_after_the_flush(author, story, fake_redis):
    assert views_cell(render_panel(author), story.title) == "10"
    recording.record_in_redis(fake_redis, make_beacon(story, reading_day(), "b" * 32), 20)
    storage.flush()
    assert views_cell(render_panel(author), story.title) == "11"


def test_readership_pages_show_new_counts_after_a_flush(client, author, editor, story):
    urls = [
        "/admin/readership/?period=all",
        f"/admin/readership/story/{story.pk}/?period=all",
        f"/admin/readership/author/{author.author_profile.pk}/?period=all",
    ]
    client.force_login(author)
    for url in urls:
        assert views_card(client.get(url).content.decode()) == "10", url
    count_a_view(story, "c" * 32)
    storage.flush()
    for url in urls:
        assert views_card(client.get(url).content.decode()) == "11", url


def views_card(html):
    """The value of the views card of a readership page."""
    card = html.split('/what-we-count/#views"')[1]
    return card.split('class="rs-card__value">')[1].split("</span>")[0]


def test_editors_author_totals_follow_a_flush(client, author, editor, story):
    client.force_login(editor)
    name = author.author_profile.display_name

    def author_views():
        html = client.get("/admin/readership/").content.decode()
        row = html.split(f">{name}</a>")[1].split("</tr>")[0]
        return row.split("<td>")[1].split("</td>")[0]

    assert author_views() == "10"
    count_a_view(story, "d" * 32)
    storage.flush()
    assert author_views() == "11"


def test_a_flush_of_one_authors_story_leaves_other_authors_cached(author, author2, story):
    other = StoryPageFactory(owner=author2, title="Someone else's story")
    render_panel(author)
    render_panel(author2)
    count_a_view(other, "e" * 32)
    storage.flush()
    with CaptureQueriesContext(connection) as cached:
        render_panel(author)
    with CaptureQueriesContext(connection) as recomputed:
        render_panel(author2)

    def reads_rollups(queries):
        return any("stories_storydailyviews" in query["sql"] for query in queries)

    assert not reads_rollups(cached)
    assert reads_rollups(recomputed)


# --- fresh after publishing -------------------------------------------------------------------


def test_a_newly_published_story_and_a_new_title_appear_at_once(author, story):
    render_panel(author)
    StoryPageFactory(owner=author, title="Fresh off the press")
    assert "Fresh off the press" in render_panel(author)
    story.title = "A better title"
    story.save_revision(user=author).publish()
    assert "A better title" in render_panel(author)


def test_an_unpublished_story_leaves_the_panel(author, story):
    assert story.title in render_panel(author)
    story.unpublish()
    assert story.title not in render_panel(author)


def test_becoming_co_author_shows_the_story(author, author2):
    team = StoryPageFactory(owner=author2, title="Team effort")
    assert "Team effort" not in render_panel(author)
    team.co_authors.create(profile=author.author_profile, sort_order=0)
    team.save()
    assert "Team effort" in render_panel(author)


# --- never another author's figures ------------------------------------------------------------


def test_one_author_never_sees_another_authors_cached_figures(client, author, author2, story):
    StoryPageFactory(owner=author2, title="Second author story")
    assert story.title in render_panel(author)
    panel = render_panel(author2)
    assert "Second author story" in panel and story.title not in panel
    client.force_login(author2)
    index = client.get("/admin/readership/").content.decode()
    assert "Second author story" in index and story.title not in index


def test_a_coach_never_gets_the_editors_cached_list_of_authors(client, author, coach, editor):
    from tests.factories import CoachFactory

    stranger = AuthorFactory(profile__coach=CoachFactory())
    client.force_login(editor)
    assert stranger.author_profile.display_name in client.get("/admin/readership/").content.decode()
    client.force_login(coach)
    html = client.get("/admin/readership/").content.decode()
    assert author.author_profile.display_name in html
    assert stranger.author_profile.display_name not in html


def test_figures_are_cached_per_language(author, story):
    with translation.override("en"):
        assert "Readership of your stories" in render_panel(author)
    with translation.override("de"):
        assert "Readership of your stories" not in render_panel(author)


# --- a constant number of queries ------------------------------------------------------------


def query_count(client, url):
    """Queries of one render with the figures computed (a cold cache), and from the cache."""
    client.get(url)  # Django's and Wagtail's own caches (site root, content types)
    dashboard_cache.renew([dashboard_cache.SITE])
    with CaptureQueriesContext(connection) as cold:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url).status_code == 200
    return len(cold), len(warm)


def add_stories(author, count):
    for _ in range(count):
        story = StoryPageFactory(owner=author)
        StoryDailyViewsFactory(story=story, day=days_ago(1), views=5, readers=3)
        StoryDailyViewsFactory(story=story, day=days_ago(40), source="qr", views=7, readers=2)


def test_author_dashboard_costs_the_same_queries_for_3_or_30_stories(client, author):
    client.force_login(author)
    add_stories(author, 3)
    with_3 = query_count(client, reverse("wagtailadmin_home"))
    add_stories(author, 27)
    assert query_count(client, reverse("wagtailadmin_home")) == with_3


def test_my_readership_costs_the_same_queries_for_3_or_30_stories(client, author):
    client.force_login(author)
    add_stories(author, 3)
    first = author.author_profile.pk
    urls = ["/admin/readership/", f"/admin/readership/author/{first}/"]
    with_3 = [query_count(client, url) for url in urls]
    add_stories(author, 27)
    assert [query_count(client, url) for url in urls] == with_3


def test_editor_readership_costs_the_same_queries_for_3_or_30_authors(client, editor):
    client.force_login(editor)
    for _ in range(3):
        add_stories(AuthorFactory(), 1)
    with_3 = query_count(client, "/admin/readership/")
    for _ in range(27):
        add_stories(AuthorFactory(), 1)
    assert query_count(client, "/admin/readership/") == with_3
