import pytest

from authors.models import Level, ProfileVisibility
from stories.models import Audience
from tests.factories import AuthorFactory, DepartmentFactory, StoryPageFactory

pytestmark = pytest.mark.django_db


def test_public_author_page_shows_profile_and_public_live_stories(client, author):
    profile = author.author_profile
    StoryPageFactory(owner=author, title="My public story")
    StoryPageFactory(owner=author, title="My internal story", audience=Audience.INTERNAL)
    StoryPageFactory(owner=author, title="My draft", live=False)
    response = client.get(profile.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert profile.display_name in html
    assert "My public story" in html
    assert "My internal story" not in html
    assert "My draft" not in html


def test_co_authored_stories_appear_on_the_co_authors_page(client, author, author2):
    StoryPageFactory(owner=author2, title="Team story", co_authors=[author.author_profile])
    html = client.get(author.author_profile.get_absolute_url()).content.decode()
    assert "Team story" in html


@pytest.mark.parametrize(
    ("visibility", "anonymous_status", "employee_status"),
    [
        (ProfileVisibility.PUBLIC, 200, 200),
        (ProfileVisibility.INTERNAL, 404, 200),
        (ProfileVisibility.HIDDEN, 404, 404),
    ],
)
def test_profile_visibility_is_respected(
    client, author, author2, visibility, anonymous_status, employee_status
):
    profile = author.author_profile
    profile.profile_visibility = visibility
    profile.save()
    url = profile.get_absolute_url()
    assert client.get(url).status_code == anonymous_status
    client.force_login(author2)
    assert client.get(url).status_code == employee_status


def test_deactivated_authors_have_no_page(client, author):
    url = author.author_profile.get_absolute_url()
    author.is_active = False
    author.save()
    assert client.get(url).status_code == 404


def test_directory_lists_visible_profiles_and_filters(client):
    sales = DepartmentFactory(name="Sales", slug="sales")
    AuthorFactory(
        profile__display_name="Public Petra",
        profile__department=sales,
        profile__level=Level.TRAINEE,
    )
    AuthorFactory(
        profile__display_name="Internal Ingo",
        profile__profile_visibility=ProfileVisibility.INTERNAL,
    )
    AuthorFactory(
        profile__display_name="Hidden Hanna", profile__profile_visibility=ProfileVisibility.HIDDEN
    )
    html = client.get("/authors/").content.decode()
    assert "Public Petra" in html
    assert "Internal Ingo" not in html
    assert "Hidden Hanna" not in html
    assert "Public Petra" in client.get("/authors/?department=sales").content.decode()
    assert "Public Petra" not in client.get("/authors/?level=executive").content.decode()
    assert "Public Petra" in client.get("/authors/?level=trainee").content.decode()


def test_unknown_author_slug_is_404(client):
    assert client.get("/authors/nobody-here/").status_code == 404
