"""The author's readership in the admin: dashboard panel, "My readership" pages, permissions."""

import datetime

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stories.readership import dashboard_cache
from stories.readership.counting import reading_day
from stories.readership.panels import ReadershipDashboardPanel, ReadershipEmailSettingsPanel
from tests.factories import (
    AuthorFactory,
    CoachFactory,
    StoryDailyViewsFactory,
    StoryPageFactory,
    UserFactory,
)

# These tests read English UI text; the site default (LANGUAGE_CODE) is German.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_default_language")]


def days_ago(n):
    return reading_day() - datetime.timedelta(days=n)


@pytest.fixture
def story(author):
    story = StoryPageFactory(owner=author, title="The night the line stopped")
    StoryDailyViewsFactory(story=story, day=days_ago(0), views=3, readers=2, reads=1)
    StoryDailyViewsFactory(
        story=story, day=days_ago(10), source="linkedin", views=20, readers=10, reads=5
    )
    StoryDailyViewsFactory(story=story, day=days_ago(100), views=100, readers=80, reads=40)
    return story


def render_panel(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return ReadershipDashboardPanel(request).render_html({"request": request})


def test_dashboard_panel_shows_each_live_story_with_7_30_and_all_time_figures(
    client, author, story
):
    StoryPageFactory(owner=author, live=False, title="A draft")
    client.force_login(author)
    html = client.get("/admin/").content.decode()
    assert "Readership of your stories" in html
    assert "The night the line stopped" in html
    panel = html.split("Readership of your stories")[1].split("</section>")[0]
    assert "A draft" not in panel
    cells = ["3", "2", "1", "23", "12", "6", "123", "92", "46"]
    row = panel.split("The night the line stopped")[1].split("</tr>")[0]
    assert [cell.split("</td>")[0] for cell in row.split("<td>")[1:]] == cells


def test_dashboard_panel_lists_most_recent_stories_first(author):
    older = StoryPageFactory(owner=author, title="Older story")
    newer = StoryPageFactory(owner=author, title="Newer story")
    older.first_published_at = newer.first_published_at - datetime.timedelta(days=3)
    older.save(update_fields=["first_published_at"])
    html = render_panel(author)
    assert html.index("Newer story") < html.index("Older story")


def test_dashboard_panel_includes_co_authored_stories(author, author2, story):
    StoryPageFactory(owner=author2, co_authors=[author.author_profile], title="Team story")
    assert "Team story" in render_panel(author)


def test_dashboard_panel_is_not_shown_to_users_without_an_author_profile(editor):
    assert "Readership of your stories" not in render_panel(editor)


def test_dashboard_panel_query_count_does_not_grow_with_stories(author):
    StoryPageFactory(owner=author)
    with CaptureQueriesContext(connection) as one:
        render_panel(author)
    for _ in range(49):
        story = StoryPageFactory(owner=author)
        StoryDailyViewsFactory(story=story, day=days_ago(1))
    with CaptureQueriesContext(connection) as fifty:
        html = render_panel(author)
    # The latest ten (all of them are on My readership), and how many more there are.
    assert html.count("<tr>") == 1 + ReadershipDashboardPanel.latest_stories
    assert f'data-readership-hidden="{50 - ReadershipDashboardPanel.latest_stories}"' in html
    assert reverse("readership_index") in html
    assert len(fifty) == len(one)


def test_story_page_shows_chart_table_sources_ratio_and_totals(client, author, story):
    story.first_published_at = story.first_published_at - datetime.timedelta(days=100)
    story.save(update_fields=["first_published_at"])
    client.force_login(author)
    response = client.get(f"/admin/readership/story/{story.pk}/?period=all")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<svg role="img" aria-labelledby="chart-' in html
    assert "<desc id=" in html
    assert "<script" not in html.split("<svg")[1].split("</svg>")[0]
    assert "Daily readers" in html
    assert "LinkedIn share" in html
    assert "Read ratio" in html and "37 %" in html  # 46 reads / 123 views
    assert html.count('<th scope="row"><time') == 101  # every day since it went live


def test_author_page_sums_all_their_stories(client, author, story):
    client.force_login(author)
    response = client.get(f"/admin/readership/author/{author.author_profile.pk}/")
    assert response.status_code == 200
    assert "The night the line stopped" in response.content.decode()


def test_readership_pages_query_counts_do_not_grow_with_stories(client, author, editor):
    client.force_login(editor)
    profile = author.author_profile
    first = StoryPageFactory(owner=author)
    urls = [
        f"/admin/readership/author/{profile.pk}/",
        f"/admin/readership/story/{first.pk}/",
        "/admin/readership/",
    ]
    counts = {url: cold_and_warm_query_counts(client, url) for url in urls}
    for _ in range(49):
        story = StoryPageFactory(owner=AuthorFactory(), co_authors=[profile])
        StoryDailyViewsFactory(story=story, day=days_ago(2))
    for url in urls:
        assert cold_and_warm_query_counts(client, url) == counts[url], url


def cold_and_warm_query_counts(client, url):
    """Queries of one render with the readership figures computed, and from the cache."""
    client.get(url)  # warm Django's and Wagtail's own caches (site root, content types)
    dashboard_cache.renew([dashboard_cache.SITE])
    with CaptureQueriesContext(connection) as cold:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url).status_code == 200
    assert len(warm) < len(cold), url
    return len(cold), len(warm)


def test_index_for_an_author_shows_their_own_figures(client, author, story):
    client.force_login(author)
    html = client.get("/admin/readership/").content.decode()
    assert "The night the line stopped" in html
    assert 'id="readership-authors"' not in html


def test_index_for_a_coach_lists_their_authors_only(client, author, author2, coach, story):
    stranger = AuthorFactory(profile__coach=CoachFactory())
    client.force_login(coach)
    html = client.get("/admin/readership/").content.decode()
    assert author.author_profile.display_name in html
    assert author2.author_profile.display_name in html
    assert stranger.author_profile.display_name not in html


def test_index_for_an_editor_lists_every_author(client, author, author2, editor, story):
    client.force_login(editor)
    html = client.get("/admin/readership/").content.decode()
    assert author.author_profile.display_name in html
    assert author2.author_profile.display_name in html


# --- permissions, every role ---------------------------------------------------------------


def assert_allowed_or_refused(response, allowed):
    if allowed:
        assert response.status_code == 200
    elif response.status_code == 404:
        # A story the user has no business with is not even named (stories.admin_privacy).
        assert response.resolver_match.route.startswith("admin/readership/story/")
    else:
        # Wagtail answers PermissionDenied in the admin with a redirect home and a message.
        assert response.status_code == 302
        assert response["Location"] == "/admin/"


ROLES = ["owner", "co_author", "other_author", "coach", "other_coach", "editor", "superuser"]


@pytest.fixture
def people(author, author2, coach, editor):
    co_author = AuthorFactory(profile__coach=CoachFactory())
    return {
        "owner": author,
        "co_author": co_author,
        "other_author": author2,
        "coach": coach,
        "other_coach": CoachFactory(),
        "editor": editor,
        "superuser": UserFactory(is_superuser=True),
    }


@pytest.fixture
def team_story(author, people):
    return StoryPageFactory(owner=author, co_authors=[people["co_author"].author_profile])


STORY_ALLOWED = {"owner", "co_author", "coach", "editor", "superuser"}


@pytest.mark.parametrize("role", ROLES)
def test_story_readership_permissions_for_every_role(client, people, team_story, role):
    client.force_login(people[role])
    response = client.get(f"/admin/readership/story/{team_story.pk}/")
    assert_allowed_or_refused(response, role in STORY_ALLOWED)


def test_coach_of_a_co_author_may_see_the_team_story(client, people, team_story):
    co_coach = people["co_author"].author_profile.coach
    client.force_login(co_coach)
    assert client.get(f"/admin/readership/story/{team_story.pk}/").status_code == 200


AUTHOR_ALLOWED = {"owner", "coach", "editor", "superuser"}


@pytest.mark.parametrize("role", ROLES)
def test_author_readership_permissions_for_every_role(client, people, author, role):
    client.force_login(people[role])
    response = client.get(f"/admin/readership/author/{author.author_profile.pk}/")
    assert_allowed_or_refused(response, role in AUTHOR_ALLOWED)


@pytest.mark.parametrize("role", ROLES)
def test_every_role_with_admin_access_has_a_readership_index(client, people, role):
    client.force_login(people[role])
    assert client.get("/admin/readership/").status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(client, team_story, author):
    for url in (
        "/admin/readership/",
        f"/admin/readership/story/{team_story.pk}/",
        f"/admin/readership/author/{author.author_profile.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_employee_without_a_role_cannot_open_readership(client, team_story):
    client.force_login(UserFactory())
    response = client.get(f"/admin/readership/story/{team_story.pk}/")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_unknown_story_or_author_is_a_404(client, editor):
    client.force_login(editor)
    assert client.get("/admin/readership/story/999999/").status_code == 404
    assert client.get("/admin/readership/author/999999/").status_code == 404


def test_menu_item_is_shown_to_authors_coaches_editors(client, author, coach, editor):
    for user in (author, coach, editor):
        client.force_login(user)
        assert b"/admin/readership/" in client.get("/admin/").content


# --- the digest opt-out ----------------------------------------------------------------------


def test_authors_can_switch_off_the_weekly_digest(author):
    request = RequestFactory().post("/admin/account/", {"readership_emails-weekly_digest": ""})
    request.user = author
    panel = ReadershipEmailSettingsPanel(request, author, None)
    assert panel.is_active()
    form = panel.get_form()
    assert form.is_valid(), form.errors
    form.save()
    assert author.readership_email_preference.weekly_digest is False


def test_the_account_page_shows_the_digest_setting_to_authors(client, author):
    client.force_login(author)
    assert b"readership_emails-weekly_digest" in client.get("/admin/account/").content
