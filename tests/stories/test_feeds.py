"""RSS/Atom feeds and the sitemap: public live stories and public profiles only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from authors.models import ProfileVisibility
from stories.models import Audience
from tests.factories import AuthorFactory, ImageFactory, StoryPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client, settings):
    """Unprefixed URLs in German: /stories/feed/ holds the (default) German stories."""
    settings.LANGUAGE_CODE = "de"
    return client


@pytest.fixture
def stories(author):
    return {
        "public": StoryPageFactory(owner=author, title="Open for all"),
        "internal": StoryPageFactory(owner=author, title="Inside only", audience=Audience.INTERNAL),
        "draft": StoryPageFactory(owner=author, title="Not yet", live=False),
    }


@pytest.mark.parametrize("url", ["/stories/feed/", "/stories/feed/atom/"])
def test_feed_lists_only_public_live_stories(client, stories, url):
    response = client.get(url)
    assert response.status_code == 200
    xml = response.content.decode()
    assert "Open for all" in xml
    assert "Inside only" not in xml
    assert "Not yet" not in xml
    assert stories["public"].full_url in xml


def test_each_item_is_identified_by_its_story_address(client, stories):
    url = stories["public"].full_url
    assert f"<guid>{url}</guid>" in client.get("/stories/feed/").content.decode()
    assert f"<id>{url}</id>" in client.get("/stories/feed/atom/").content.decode()


def test_feed_is_the_same_for_logged_in_employees(client, stories, author2):
    client.force_login(author2)
    assert "Inside only" not in client.get("/stories/feed/").content.decode()


def test_rss_and_atom_have_their_content_types(client, stories):
    assert client.get("/stories/feed/")["Content-Type"].startswith("application/rss+xml")
    assert client.get("/stories/feed/atom/")["Content-Type"].startswith("application/atom+xml")


def test_feed_names_authors_as_the_story_page_does(client):
    public = AuthorFactory(username="pub", first_name="Paula", last_name="Public")
    private = AuthorFactory(
        username="priv",
        first_name="Ingo",
        last_name="Inside",
        profile__profile_visibility=ProfileVisibility.INTERNAL,
    )
    StoryPageFactory(owner=public, co_authors=[private.author_profile], title="Team story")
    StoryPageFactory(owner=private, title="Solo story")
    xml = client.get("/stories/feed/").content.decode()
    assert "Team story" in xml and "Solo story" in xml
    # Named as on the story page: a colleagues-only profile is named, without a profile link.
    assert "Paula Public" in xml and "Ingo Inside" in xml
    assert private.author_profile.slug not in xml


def test_author_feed_lists_their_public_stories(client, author, author2, stories):
    StoryPageFactory(owner=author2, title="Someone else's")
    StoryPageFactory(owner=author2, co_authors=[author.author_profile], title="Joint work")
    slug = author.author_profile.slug
    xml = client.get(f"/stories/feed/authors/{slug}/").content.decode()
    assert "Open for all" in xml and "Joint work" in xml
    assert "Someone else" not in xml and "Inside only" not in xml and "Not yet" not in xml
    assert client.get(f"/stories/feed/authors/{slug}/atom/").status_code == 200


@pytest.mark.parametrize("visibility", [ProfileVisibility.INTERNAL, ProfileVisibility.HIDDEN])
def test_author_feed_exists_only_for_public_profiles(client, visibility):
    person = AuthorFactory(username="quiet", profile__profile_visibility=visibility)
    StoryPageFactory(owner=person)
    assert client.get(f"/stories/feed/authors/{person.author_profile.slug}/").status_code == 404


def test_author_feed_of_deactivated_or_unknown_author_is_not_found(client, author):
    author.is_active = False
    author.save()
    assert client.get(f"/stories/feed/authors/{author.author_profile.slug}/").status_code == 404
    assert client.get("/stories/feed/authors/nobody-here/").status_code == 404


def test_feed_query_count_does_not_grow_with_stories(client, django_assert_max_num_queries):
    writer = AuthorFactory(username="w")
    partner = AuthorFactory(username="p")
    for _ in range(12):
        StoryPageFactory(owner=writer, co_authors=[partner.author_profile])
    client.get("/stories/feed/")  # warm Wagtail's site root path cache
    with django_assert_max_num_queries(4):
        assert client.get("/stories/feed/").status_code == 200


@pytest.mark.parametrize("url", ["/stories/feed/", "/stories/feed/atom/"])
def test_feed_queries_do_not_grow_with_public_or_internal_stories(client, url):
    writer = AuthorFactory(username="w", profile__profile_visibility=ProfileVisibility.PUBLIC)

    def add(public, internal):
        for _ in range(public):
            StoryPageFactory(owner=writer, hero_image=ImageFactory())
        for _ in range(internal):
            StoryPageFactory(owner=writer, audience=Audience.INTERNAL)

    add(public=2, internal=1)
    client.get(url)  # warm Wagtail's site root path cache
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(public=20, internal=10)
    with CaptureQueriesContext(connection) as many:
        xml = client.get(url).content.decode()
    assert xml.count("<item>" if "atom" not in url else "<entry ") == 22
    assert len(many) <= len(few) <= 3


def test_sitemap_lists_only_public_live_stories(client, stories):
    xml = client.get("/sitemap.xml").content.decode()
    assert stories["public"].full_url in xml
    assert stories["internal"].full_url not in xml
    assert stories["draft"].url_path.split("/")[-2] not in xml


def test_pages_link_to_the_feed(client, stories):
    assert 'type="application/rss+xml"' in client.get("/").content.decode()
