"""The story page reads its byline, topics and coach credit once per publish, for every reader."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from authors.models import ProfileVisibility
from stories.models import Audience
from tests.factories import AuthorFactory, StoryPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def document_cache(settings):
    settings.STORYWERK_DOCUMENT_CACHE_ENABLED = True  # off in the test settings


def queries_for(client, url):
    client.get(url)  # warm: the fragments and renditions are read once
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in captured]


def story_with(author, co_authors=0, topics=0, **kwargs):
    profiles = [AuthorFactory().author_profile for _ in range(co_authors)]
    return StoryPageFactory(
        owner=author,
        co_authors=profiles,
        topics=[f"topic {n}" for n in range(topics)],
        **kwargs,
    )


@pytest.mark.parametrize("logged_in", [False, True])
def test_story_page_queries_do_not_grow_with_co_authors_or_topics(client, author, logged_in):
    if logged_in:
        client.force_login(AuthorFactory())
    small = queries_for(client, story_with(author, co_authors=1, topics=1).url)
    large = queries_for(client, story_with(author, co_authors=6, topics=8).url)
    assert len(large) <= len(small)
    # Site, routing (home, index, the story with its relations), view restrictions (2); the
    # reader's session, account and groups when logged in; none for co-authors, topics, the
    # coach credit or the storytellers directory (11 and 14 before).
    assert len(large) <= (12 if logged_in else 7)
    assert not [sql for sql in large if "taggit_tag" in sql or "storycoauthor" in sql]


def test_a_publish_shows_new_topics_and_co_authors_at_once(client, author):
    story = story_with(author, topics=1)
    client.force_login(AuthorFactory())
    client.get(story.url)
    newcomer = AuthorFactory().author_profile
    story.co_authors.create(profile=newcomer, sort_order=1)
    story.topics.add("fresh topic")
    story.save_revision().publish()
    html = client.get(story.url).content.decode()
    assert newcomer.display_name in html and "fresh topic" in html


def test_a_profile_change_shows_at_once_and_links_stay_per_reader(client, author, author2):
    profile = author2.author_profile
    profile.profile_visibility = ProfileVisibility.INTERNAL
    profile.save()
    story = StoryPageFactory(owner=author, co_authors=[profile])
    url = profile.get_absolute_url()
    assert f'href="{url}"' not in client.get(story.url).content.decode()
    client.force_login(author2)
    assert f'href="{url}"' in client.get(story.url).content.decode()
    profile.profile_visibility = ProfileVisibility.HIDDEN
    profile.save()
    assert profile.display_name not in client.get(story.url).content.decode()


def test_internal_story_fragments_never_reach_anonymous_readers(client, author):
    story = story_with(author, topics=1, audience=Audience.INTERNAL)
    client.force_login(AuthorFactory())
    assert b"topic 0" in client.get(story.url).content
    client.logout()
    response = client.get(story.url)
    assert response.status_code == 302


def test_story_index_counts_once_per_publish_and_per_audience(client, author):
    StoryPageFactory(owner=author, title="Open story")
    StoryPageFactory(owner=author, title="Inside story", audience=Audience.INTERNAL)
    assert not [sql for sql in queries_for(client, "/stories/") if "COUNT(" in sql]
    client.force_login(AuthorFactory())
    assert "Inside story" in client.get("/stories/").content.decode()
    StoryPageFactory(owner=author, title="Fresh story")  # a publish purges the index
    html = client.get("/stories/").content.decode()
    assert "Fresh story" in html and "Inside story" in html
    client.logout()
    html = client.get("/stories/").content.decode()
    assert "Fresh story" in html and "Inside story" not in html
