"""GDPR: an author downloads exactly their own data as JSON from their account."""

import datetime
import json

import pytest
from django.urls import reverse

from stories.models import StoryDailyViews
from tests.factories import (
    CommentFactory,
    CommentReplyFactory,
    StoryPageFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("storywerk_my_data")


def download(client, user):
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    return json.loads(response.content)


@pytest.fixture
def two_authors_world(author, author2, coach):
    """Stories, comments and readership for `author` and, alongside, for `author2`."""
    author.author_profile.bio = "Bio of the first author"
    author.author_profile.save()
    author2.author_profile.bio = "Bio of the second author"
    author2.author_profile.save()
    own = StoryPageFactory(owner=author, title="Own story")
    draft = StoryPageFactory(owner=author, title="Own draft", live=False)
    co_written = StoryPageFactory(
        owner=author2, title="Co-written story", co_authors=[author.author_profile]
    )
    foreign = StoryPageFactory(owner=author2, title="Foreign story")
    day = datetime.date(2026, 11, 1)
    for story, views in ((own, 11), (co_written, 22), (foreign, 999)):
        StoryDailyViews.objects.create(story=story, day=day, source="direct", views=views)
    comment = CommentFactory(page=co_written, user=author, text="My comment on a colleague")
    CommentFactory(page=own, user=author2, text="Foreign comment on my story")
    CommentReplyFactory(comment=comment, user=author2, text="Foreign reply to me")
    CommentReplyFactory(comment=comment, user=author, text="My reply")
    return {"own": own, "draft": draft, "co_written": co_written, "foreign": foreign}


def test_author_downloads_profile_stories_comments_and_readership(
    client, author, two_authors_world
):
    data = download(client, author)
    assert data["account"]["username"] == "author"
    assert data["profile"]["display_name"] == author.author_profile.display_name
    assert data["profile"]["bio"] == "Bio of the first author"
    titles = {story["title"]: story for story in data["stories"]}
    assert set(titles) == {"Own story", "Own draft", "Co-written story"}
    assert titles["Own story"]["role"] == "lead"
    assert titles["Co-written story"]["role"] == "co-author"
    assert not titles["Own draft"]["live"]
    assert [c["text"] for c in data["comments"]["comments"]] == ["My comment on a colleague"]
    assert [r["text"] for r in data["comments"]["replies"]] == ["My reply"]
    views = {row["story_id"]: row["views"] for row in data["readership"]}
    assert views == {two_authors_world["own"].pk: 11, two_authors_world["co_written"].pk: 22}


def test_export_never_contains_another_authors_data(client, author, author2, two_authors_world):
    data = download(client, author)
    raw = json.dumps(data)
    for foreign in (
        "Bio of the second author",
        author2.author_profile.display_name,
        author2.email,
        "Foreign story",
    ):
        assert foreign not in raw
    # Others' words addressed to the author are theirs to see (their authors unnamed), but
    # never among the author's own comments.
    own = data["comments"]
    assert "Foreign comment on my story" not in json.dumps(own)
    assert "Foreign reply to me" not in json.dumps(own)
    to_you = data["review"]["comments_to_you"]
    assert [c["text"] for c in to_you["comments"]] == ["Foreign comment on my story"]
    assert [r["text"] for r in to_you["replies"]] == ["Foreign reply to me"]
    # The foreign story's figures (999 views), checked by field: "999" may occur by chance in
    # a timestamp or a digest of the raw JSON.
    assert two_authors_world["foreign"].pk not in {row["story_id"] for row in data["readership"]}
    assert 999 not in {row["views"] for row in data["readership"]}


def test_each_author_gets_their_own_export(client, author, author2, two_authors_world):
    data = download(client, author2)
    assert data["account"]["username"] == "author2"
    assert {s["title"] for s in data["stories"]} == {"Co-written story", "Foreign story"}
    assert "Own draft" not in json.dumps(data)


@pytest.mark.parametrize("role", ["coach", "editor"])
def test_staff_without_profile_get_their_account_and_comments(client, request, role):
    user = request.getfixturevalue(role)
    CommentFactory(user=user, text=f"{role} comment")
    data = download(client, user)
    assert data["profile"] is None
    assert data["stories"] == []
    assert [c["text"] for c in data["comments"]["comments"]] == [f"{role} comment"]


def test_anonymous_visitor_cannot_download(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_export_ignores_any_user_parameter(client, author, author2, two_authors_world):
    client.force_login(author)
    data = json.loads(client.get(URL, {"user": author2.pk, "id": author2.pk}).content)
    assert data["account"]["username"] == "author"


def test_account_settings_link_to_the_download(client, author):
    client.force_login(author)
    html = client.get(reverse("wagtailadmin_account")).content.decode()
    assert URL in html
    # Saving the account settings still works with the link-only panel present.
    response = client.post(
        reverse("wagtailadmin_account"),
        {
            "name_email-first_name": "A",
            "name_email-last_name": "B",
            "name_email-email": "a@example.com",
            "locale-preferred_language": "en",
            "locale-current_time_zone": "Europe/Berlin",
            "theme-theme": "system",
            "theme-contrast": "system",
            "theme-density": "default",
            "author_profile-bio": "New bio",
            "author_profile-profile_visibility": "public",
            "author_profile-keep_stories_after_erasure": "on",
        },
    )
    assert response.status_code == 302
    author.author_profile.refresh_from_db()
    assert author.author_profile.bio == "New bio"
    assert author.author_profile.keep_stories_after_erasure


def test_export_query_count_does_not_grow_with_stories(
    client, author, django_assert_max_num_queries
):
    for n in range(6):
        story = StoryPageFactory(owner=author, title=f"Story {n}")
        StoryDailyViews.objects.create(story=story, day=datetime.date(2026, 11, 1), views=n)
        CommentFactory(page=story, user=author)
    client.force_login(author)
    with django_assert_max_num_queries(25):
        response = client.get(URL)
    assert len(json.loads(response.content)["stories"]) == 6
