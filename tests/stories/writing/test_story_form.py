"""The story form a first-time author meets: one click from the dashboard to typing."""

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

from stories.models import Audience, StoryIndexPage, StoryPage
from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db


def add_url():
    return reverse(
        "wagtailadmin_pages:add", args=["stories", "storypage", StoryIndexPage.objects.get().pk]
    )


def speak(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


def story_tab(html):
    """The HTML of the form's first tab (the one the author sees on opening)."""
    return html.split('role="tabpanel"')[1]


def test_write_a_story_opens_with_the_title_focused_and_one_paragraph_to_type_into(client, author):
    client.force_login(author)
    response = client.get(add_url())
    assert response.status_code == 200
    title = response.content.decode().split('id="id_title"')[0].rsplit("<input", 1)[1]
    assert "autofocus" in title
    body = response.context["form"].instance.body
    assert [block.block_type for block in body] == ["paragraph"]


def test_teaser_hero_image_and_audience_are_on_the_first_tab_internal_first_and_chosen(
    client, author
):
    speak(author, "en")
    client.force_login(author)
    tab = story_tab(client.get(add_url()).content.decode())
    for name in ("teaser", "hero_image", "body"):
        assert f'data-contentpath="{name}"' in tab
    radios = tab.split('type="radio" name="audience"')[1:]
    assert [r.split('value="')[1].split('"')[0] for r in radios] == ["internal", "public"]
    assert "checked" in radios[0]
    assert "Colleagues only: people signed in to Storywerk can read it." in tab


def test_a_new_story_saved_without_a_choice_of_audience_is_internal(driver, author):
    driver.login(author)
    driver.create(action=None, title="Night shift", audience=Audience.INTERNAL)
    assert StoryPage.objects.get(title="Night shift").audience == Audience.INTERNAL


@pytest.mark.parametrize("user_fixture", ["author", "coach", "editor"])
def test_the_german_form_says_titel_never_seitentitel_or_kurztitel(
    request, client, author, user_fixture
):
    user = request.getfixturevalue(user_fixture)
    story = StoryPageFactory(owner=author, live=False, title="Nachtschicht")
    speak(user, "de")
    client.force_login(user)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).content.decode()
    assert "Titel" in story_tab(html)
    for word in ("Seitentitel", "Kurztitel"):
        assert word not in html


def test_headings_images_and_quotes_are_offered_in_the_body(client, author):
    client.force_login(author)
    html = client.get(add_url()).content.decode()
    for block in ("heading", "image", "pull_quote"):
        assert f"&quot;{block}&quot;" in html or f'"{block}"' in html
