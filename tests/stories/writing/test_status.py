"""The story's state where the author looks: "With Clara Weiss since …", never "moderation"."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from wagtail.users.models import UserProfile

from tests.factories import AuthorFactory, StoryPageFactory

pytestmark = pytest.mark.django_db


def english(*users):
    for user in users:
        UserProfile.get_for_user(user)
        UserProfile.objects.filter(user=user).update(preferred_language="en")


def today():
    with translation.override("en"):
        return date_format(timezone.localdate(), "DATE_FORMAT")


@pytest.fixture
def sent(driver, anna):
    story = StoryPageFactory(owner=anna, live=False, title="Night shift", slug="night-shift")
    driver.login(anna)
    driver.submit(story, note="Too long?")
    return story


def my_stories_row(client, story):
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    start = html.index(f'data-my-story="{story.pk}"')
    return html[start : html.index("</tr>", start)]


def test_my_stories_names_the_coach_and_the_day_it_was_sent(client, anna, sent):
    english(anna)
    client.force_login(anna)
    row = my_stories_row(client, sent)
    assert f"With Clara Weiss since {today()}" in row
    assert "moderation" not in row.lower()


def test_the_editor_header_names_the_coach_for_the_author(client, anna, sent):
    english(anna)
    client.force_login(anna)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[sent.pk])).content.decode()
    assert f"With Clara Weiss since {today()}. You can read it here" in html
    assert "awaiting" not in html


def test_in_german_the_state_reads_bei_clara_weiss_seit(client, anna, sent):
    UserProfile.objects.filter(user=anna).update(preferred_language="de")
    client.force_login(anna)
    assert "Bei Clara Weiss seit" in my_stories_row(client, sent)


def test_after_the_coach_approves_the_story_is_with_the_editors(client, driver, anna, clara, sent):
    driver.login(clara)
    driver.act(sent, "approve")
    english(anna)
    client.force_login(anna)
    assert f"With the editors since {today()}" in my_stories_row(client, sent)


def test_without_a_coach_the_story_is_with_the_coaches(client, driver, db):
    loner = AuthorFactory(username="loner")
    english(loner)
    story = StoryPageFactory(owner=loner, live=False)
    driver.login(loner)
    driver.submit(story)
    client.force_login(loner)
    assert f"With the coaches since {today()}" in my_stories_row(client, story)


def test_the_coach_reviewing_gets_no_lock_message(client, clara, sent):
    english(clara)
    client.force_login(clara)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[sent.pk])).content.decode()
    assert "You can read it here" not in html
