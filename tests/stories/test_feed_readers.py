"""The feeds as a feed reader sees them (feedparser): well-formed, full, one author each."""

import feedparser
import pytest

from stories.models import Audience, ContentLanguage
from tests.factories import ImageFactory, StoryPageFactory

pytestmark = pytest.mark.django_db

FEEDS = ["/stories/feed/", "/stories/feed/atom/", "/en/stories/feed/", "/en/stories/feed/atom/"]


@pytest.fixture
def client(client, settings):
    settings.LANGUAGE_CODE = "de"  # German unprefixed, English under /en/
    return client


@pytest.fixture
def team_stories(people):
    co_authors = [people["partner"].author_profile, people["colleague"].author_profile]
    co_authors.append(people["hidden"].author_profile)
    german = StoryPageFactory(
        owner=people["lead"], co_authors=co_authors, title="Teamarbeit", hero_image=ImageFactory()
    )
    english = StoryPageFactory(
        owner=people["lead"],
        co_authors=co_authors,
        title="Teamwork",
        content_language=ContentLanguage.ENGLISH,
        hero_image=ImageFactory(),
    )
    StoryPageFactory(owner=people["lead"], title="Staff only", audience=Audience.INTERNAL)
    return {"de": german, "en": english}


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


@pytest.mark.parametrize("url", FEEDS)
def test_each_feed_is_well_formed_and_holds_the_stories_of_its_language(client, team_stories, url):
    parsed = read(client, url)
    language = "en" if url.startswith("/en/") else "de"
    assert [entry.title for entry in parsed.entries] == [team_stories[language].title]
    entry = parsed.entries[0]
    assert entry.link == team_stories[language].full_url
    assert "Staff only" not in client.get(url).content.decode()


@pytest.mark.parametrize("url", FEEDS)
def test_a_team_story_names_each_public_author_separately(client, team_stories, people, url):
    entry = read(client, url).entries[0]
    names = [author.get("name") for author in entry.authors]
    expected = [people[key].author_profile.display_name for key in ("lead", "partner")]
    colleague = people["colleague"].author_profile.display_name
    assert names == [*expected, colleague]
    assert people["hidden"].author_profile.display_name not in client.get(url).content.decode()


@pytest.mark.parametrize("url", FEEDS)
def test_entries_carry_the_full_story_and_the_hero_image(client, team_stories, url):
    entry = read(client, url).entries[0]
    content = entry.content[0].value
    assert "A heading" in content and "word word" in content
    images = [link.href for link in entry.get("enclosures", [])]
    images += [media["url"] for media in entry.get("media_content", [])]
    assert images and all(url.startswith("http://localhost/images/") for url in images)


def test_atom_entries_say_their_language(client, team_stories):
    xml = client.get("/en/stories/feed/atom/").content.decode()
    assert '<entry xml:lang="en">' in xml


def test_author_feed_is_well_formed_and_lists_both_languages(client, team_stories, people):
    parsed = read(client, f"/stories/feed/authors/{people['lead'].author_profile.slug}/atom/")
    assert sorted(entry.title for entry in parsed.entries) == ["Teamarbeit", "Teamwork"]


def test_hero_image_url_of_a_feed_serves_the_image(client, team_stories):
    entry = read(client, "/stories/feed/").entries[0]
    path = entry.enclosures[0].href.removeprefix("http://localhost")
    response = client.get(path)
    # Wagtail makes the JPEG rendition on the first fetch and redirects to the stored file.
    assert response.status_code == 302
    assert response["Location"].startswith("/media/images/")
    assert response["Location"].endswith(".jpg")
