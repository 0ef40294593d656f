import pytest

from stories.models import Audience
from tests.factories import DepartmentFactory, ImageFactory, StoryPageFactory

pytestmark = pytest.mark.django_db


def test_public_story_renders_for_anonymous_readers(client, author):
    story = StoryPageFactory(
        owner=author, title="The night the line stopped", hero_image=ImageFactory()
    )
    response = client.get(story.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The night the line stopped" in html
    assert author.author_profile.display_name in html
    assert 'alt="A test picture"' in html


def test_internal_story_sends_anonymous_readers_to_log_in(client, author):
    story = StoryPageFactory(owner=author, audience=Audience.INTERNAL)
    response = client.get(story.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_internal_story_is_readable_by_any_logged_in_employee(client, author, author2):
    story = StoryPageFactory(owner=author, audience=Audience.INTERNAL, title="Inside story")
    client.force_login(author2)
    response = client.get(story.url)
    assert response.status_code == 200
    assert b"Inside story" in response.content


def test_deactivated_account_is_not_an_employee(client, author, author2):
    story = StoryPageFactory(owner=author, audience=Audience.INTERNAL)
    client.force_login(author2)
    author2.is_active = False
    author2.save()
    assert client.get(story.url).status_code == 302


def test_story_index_lists_only_what_the_reader_may_see(client, author, author2):
    StoryPageFactory(owner=author, title="Open story")
    StoryPageFactory(owner=author, title="Closed story", audience=Audience.INTERNAL)
    StoryPageFactory(owner=author, title="Draft story", live=False)
    anonymous = client.get("/stories/").content.decode()
    assert "Open story" in anonymous
    assert "Closed story" not in anonymous
    assert "Draft story" not in anonymous
    client.force_login(author2)
    employee = client.get("/stories/").content.decode()
    assert "Closed story" in employee
    assert "Draft story" not in employee


def test_story_index_filters_by_department_and_topic(client, author):
    sales = DepartmentFactory(name="Sales", slug="sales")
    StoryPageFactory(owner=author, title="Sales story", department=sales, topics=["customers"])
    StoryPageFactory(owner=author, title="Other story")
    html = client.get("/stories/?department=sales").content.decode()
    assert "Sales story" in html and "Other story" not in html
    html = client.get("/stories/?topic=customers").content.decode()
    assert "Sales story" in html and "Other story" not in html


def test_story_index_paginates_newest_first_and_survives_bad_page_numbers(client, author):
    for n in range(14):
        StoryPageFactory(owner=author, title=f"Numbered {n:02d}")
    first = client.get("/stories/").content.decode()
    assert "Numbered 13" in first and "Numbered 00" not in first
    second = client.get("/stories/?page=2").content.decode()
    assert "Numbered 00" in second
    assert client.get("/stories/?page=abc").status_code == 200
    assert client.get("/stories/?page=999").status_code == 200


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm renditions and caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_story_index_query_count_does_not_grow_with_stories(client, author):
    for _ in range(2):
        StoryPageFactory(owner=author, hero_image=ImageFactory())
    few = count_queries(client, "/stories/")
    for _ in range(9):
        StoryPageFactory(owner=author, hero_image=ImageFactory())
    assert count_queries(client, "/stories/") <= few
    assert few <= 20


def test_home_page_shows_latest_public_stories(client, author):
    StoryPageFactory(owner=author, title="Fresh public story")
    StoryPageFactory(owner=author, title="Fresh internal story", audience=Audience.INTERNAL)
    html = client.get("/").content.decode()
    assert "Fresh public story" in html
    assert "Fresh internal story" not in html


def test_byline_links_only_profiles_the_reader_may_open(client, author, author2):
    from authors.models import ProfileVisibility

    hidden = author2.author_profile
    hidden.profile_visibility = ProfileVisibility.INTERNAL
    hidden.save()
    story = StoryPageFactory(owner=author, co_authors=[hidden])
    html = client.get(story.url).content.decode()
    assert f'href="{author.author_profile.get_absolute_url()}"' in html
    assert hidden.display_name in html
    assert f'href="{hidden.get_absolute_url()}"' not in html
    client.force_login(author2)
    assert f'href="{hidden.get_absolute_url()}"' in client.get(story.url).content.decode()


@pytest.mark.parametrize("reader", ["anonymous", "employee", "deactivated"])
def test_listing_rule_agrees_with_what_serving_allows(client, author, author2, reader):
    from stories.models import StoryPage

    stories = [
        StoryPageFactory(owner=author, audience=Audience.PUBLIC),
        StoryPageFactory(owner=author, audience=Audience.INTERNAL),
    ]
    user = None
    if reader != "anonymous":
        user = author2
        client.force_login(author2)
        if reader == "deactivated":
            author2.is_active = False
            author2.save()
    from django.contrib.auth.models import AnonymousUser

    listable = set(StoryPage.objects.listable_for(user or AnonymousUser()))
    for story in stories:
        served = client.get(story.url).status_code == 200
        assert served == (story in listable), (reader, story.audience)
