"""People's choices reach anonymous readers at once: opt-outs, visibility and the leaderboard
switch purge every cached page that shows the person, and the cached most-read figures."""

import pytest

from authors.models import ProfileVisibility
from cms.page_cache import HIT_HEADER
from stories.models import MostReadSettings
from tests.factories import AuthorFactory, StoryPageFactory, add_readers

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.STORYWERK_PAGE_CACHE_ENABLED = True


def named_storyteller():
    """A public, opted-in storyteller with a story read by 12 (also used by the e2e journey)."""
    writer = AuthorFactory(
        username="olga",
        first_name="Olga",
        last_name="Optout",
        profile__show_on_leaderboards=True,
        profile__profile_visibility=ProfileVisibility.PUBLIC,
    )
    story = StoryPageFactory(owner=writer, title="Olga's story")
    add_readers(story, 12)
    return writer, story


@pytest.fixture
def named(db):
    return named_storyteller()


def _cached(client, url):
    client.get(url)
    response = client.get(url)
    assert response[HIT_HEADER] == "hit", url
    return response.content.decode()


def test_opting_out_removes_the_name_from_the_cached_most_read_page(client, named):
    writer, _story = named
    assert "Olga Optout" in _cached(client, "/most-read/")
    profile = writer.author_profile
    profile.show_on_leaderboards = False
    profile.save()
    assert "Olga Optout" not in client.get("/most-read/").content.decode()


def test_hiding_a_profile_purges_every_page_that_shows_the_person(client, named):
    writer, story = named
    profile = writer.author_profile
    hero, directory = profile.get_absolute_url(), profile.get_absolute_url().rsplit("/", 2)[0]
    pages = ["/most-read/", hero, directory + "/", story.url, "/stories/", "/"]
    for url in pages:
        _cached(client, url)
    profile.profile_visibility = ProfileVisibility.HIDDEN
    profile.save()
    for url in pages:
        assert client.get(url).get(HIT_HEADER) != "hit", url
    assert "Olga Optout" not in client.get("/most-read/").content.decode()
    assert client.get(hero).status_code == 404


def test_switching_the_leaderboard_off_purges_the_cached_most_read_page(client, named):
    assert "Olga Optout" in _cached(client, "/most-read/")
    page_settings = MostReadSettings.load()
    page_settings.show_storytellers_leaderboard = False
    page_settings.save()
    html = client.get("/most-read/").content.decode()
    assert "Olga Optout" not in html
    assert "Olga&#x27;s story" in html or "Olga's story" in html
