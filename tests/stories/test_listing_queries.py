"""Listings render in a fixed number of queries, however many stories (and images) they show."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import AuthorFactory, DepartmentFactory, ImageFactory, StoryPageFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    client.get(url)  # first render creates renditions; measure the steady state
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def add_stories(count, owner, coach):
    image = ImageFactory()
    for _ in range(count):
        # Each story has its own author and department: N+1s show up as growth.
        other = AuthorFactory(profile__coach=coach, profile__department=DepartmentFactory())
        StoryPageFactory(owner=other, hero_image=image, hero_image_alt="Alt")
    StoryPageFactory(owner=owner, hero_image=image, hero_image_alt="Alt")


@pytest.mark.parametrize("url", ["/", "/stories/", "/stories/?page=2"])
def test_story_listings_do_not_grow_with_the_number_of_stories(client, author, coach, url):
    add_stories(1, author, coach)
    few = queries_for(client, url.replace("?page=2", ""))
    add_stories(24, author, coach)
    many = queries_for(client, url)
    assert many <= few


def test_author_page_does_not_grow_with_the_authors_stories(client, author, coach):
    profile = author.author_profile
    profile.profile_visibility = "public"
    profile.save()
    image = ImageFactory()
    StoryPageFactory(owner=author, hero_image=image, hero_image_alt="Alt")
    url = profile.get_absolute_url()
    few = queries_for(client, url)
    for _ in range(15):
        StoryPageFactory(owner=author, hero_image=ImageFactory(), hero_image_alt="Alt")
    assert queries_for(client, url) <= few


def test_listing_cards_show_the_prefetched_rendition_without_a_query_each(client, author):
    image = ImageFactory()
    for _ in range(5):
        StoryPageFactory(owner=author, hero_image=image, hero_image_alt="Alt")
    client.get("/stories/")  # creates the rendition
    cache.clear()  # without Wagtail's rendition cache, the prefetch must answer every card
    with CaptureQueriesContext(connection) as captured:
        client.get("/stories/")
    rendition_queries = [q for q in captured if "rendition" in q["sql"].lower()]
    assert len(rendition_queries) <= 1


def test_author_page_pages_through_many_stories(client, author):
    from stories.author_sections import AUTHOR_STORIES_PER_PAGE

    profile = author.author_profile
    profile.profile_visibility = "public"
    profile.save()
    for n in range(AUTHOR_STORIES_PER_PAGE + 1):
        StoryPageFactory(owner=author, title=f"Numbered story {n:02d}")
    url = profile.get_absolute_url()
    first = client.get(url).content.decode()
    assert first.count('class="card"') == AUTHOR_STORIES_PER_PAGE
    assert 'rel="next"' in first
    second = client.get(url + "?page=2").content.decode()
    assert second.count('class="card"') == 1
    assert client.get(url + "?page=junk").status_code == 200


def test_story_page_reads_byline_department_and_image_with_the_story(client, author, coach):
    profile = author.author_profile
    profile.profile_visibility = "public"
    profile.save()
    co_authors = [AuthorFactory(profile__department=DepartmentFactory()).author_profile]
    story = StoryPageFactory(
        owner=author, hero_image=ImageFactory(), hero_image_alt="Alt", co_authors=co_authors
    )
    # Site, routing (home, index, the story with its relations), view restrictions (2),
    # co-authors, the storytellers directory, the coach credit, topics.
    assert queries_for(client, story.url) <= 11


def test_story_index_filter_choices_follow_publishing(client, author):
    StoryPageFactory(owner=author)
    first = client.get("/stories/").content.decode()
    department = DepartmentFactory(name="Harbour logistics")
    story = StoryPageFactory(owner=author, department=department, topics=["night shift"])
    html = client.get("/stories/").content.decode()
    assert "Harbour logistics" not in first
    assert "Harbour logistics" in html and "night shift" in html
    story.unpublish()
    html = client.get("/stories/").content.decode()
    assert "Harbour logistics" not in html and "night shift" not in html


def test_story_index_filter_choices_are_cached_per_audience(client, author):
    StoryPageFactory(owner=author, topics=["open topic"])
    StoryPageFactory(owner=author, topics=["inside topic"], audience="internal")
    client.get("/stories/")
    with CaptureQueriesContext(connection) as captured:
        html = client.get("/stories/").content.decode()
    assert not [q for q in captured if "taggit_tag" in q["sql"]]
    assert "open topic" in html and "inside topic" not in html
    client.force_login(author)
    assert "inside topic" in client.get("/stories/").content.decode()
