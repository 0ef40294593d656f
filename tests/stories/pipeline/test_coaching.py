"""Coached-by credit on stories and profiles; a coach's own impact figures."""

import datetime

import pytest
from django.urls import reverse

from authors.models import ProfileVisibility
from stories.models import StoryDailyViews
from tests.factories import AuthorProfileFactory, CoachFactory, StoryPageFactory
from tests.stories.conftest import approve_step, submit

# These tests read English UI text; the site default (LANGUAGE_CODE) is German.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_default_language")]


@pytest.fixture
def coach_profile(coach):
    return AuthorProfileFactory(
        user=coach, display_name="Carla Coach", profile_visibility=ProfileVisibility.PUBLIC
    )


@pytest.fixture
def coached_story(review_workflow, author, coach, editor):
    story = StoryPageFactory(owner=author, title="A coached story", live=False)
    submit(review_workflow, story, author)
    approve_step(story, coach)
    approve_step(story, editor)
    story.refresh_from_db()
    assert story.live
    return story


def test_published_story_credits_the_coach_who_approved_the_coach_step(
    client, coached_story, coach_profile
):
    html = client.get(coached_story.url).content.decode()
    assert "Coached by" in html
    assert f'href="{coach_profile.get_absolute_url()}">Carla Coach</a>' in html


def test_coach_without_a_profile_is_credited_by_name(client, coached_story, coach):
    html = client.get(coached_story.url).content.decode()
    assert f"Coached by {coach.get_full_name()}" in " ".join(html.split())


def test_coach_who_opted_out_is_not_credited(client, coached_story, coach_profile):
    coach_profile.credit_as_coach = False
    coach_profile.save()
    assert "Coached by" not in client.get(coached_story.url).content.decode()


def test_story_without_a_coach_approval_shows_no_credit(client, author):
    story = StoryPageFactory(owner=author)
    assert "Coached by" not in client.get(story.url).content.decode()


def test_coach_profile_lists_the_stories_they_coached(client, coached_story, coach_profile):
    StoryPageFactory(owner=coached_story.owner, title="Not coached by Carla")
    html = client.get(coach_profile.get_absolute_url()).content.decode()
    assert "Stories I coached" in html
    assert "A coached story" in html
    assert "Not coached by Carla" not in html


def test_opted_out_coach_profile_lists_no_coached_stories(client, coached_story, coach_profile):
    coach_profile.credit_as_coach = False
    coach_profile.save()
    assert "Stories I coached" not in client.get(coach_profile.get_absolute_url()).content.decode()


def test_coach_can_opt_out_in_their_account_settings(client, coach_profile):
    from authors.forms import OwnProfileForm

    assert "credit_as_coach" in OwnProfileForm.base_fields


def test_coach_sees_their_own_impact_on_the_dashboard(client, coached_story, coach):
    today = datetime.date.today()
    StoryDailyViews.objects.create(story=coached_story, day=today, readers=7, views=9)
    StoryDailyViews.objects.create(story=coached_story, day=today, source="search", readers=3)
    other = StoryPageFactory(owner=coached_story.owner)
    StoryDailyViews.objects.create(story=other, day=today, readers=100)
    client.force_login(coach)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Your coaching" in html
    assert '<dd data-figure="stories">1</dd>' in html
    assert '<dd data-figure="readers">10</dd>' in html


def test_impact_panel_is_only_for_coaches(client, coached_story, author, editor):
    for user in (author, editor):
        client.force_login(user)
        assert "Your coaching" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_another_coach_sees_none_of_this_coachs_figures(client, coached_story):
    other = CoachFactory()
    client.force_login(other)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert '<dd data-figure="stories">0</dd>' in html


def test_paired_author_sees_their_coach_and_reply_time_on_the_dashboard(
    client, coached_story, author
):
    client.force_login(author)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Your writing coach" in html
    assert "usually replies within 1 day" in html


def test_coach_opt_out_shows_at_once_where_the_story_page_was_read_before(
    client, coached_story, coach_profile, settings
):
    settings.STORYWERK_DOCUMENT_CACHE_ENABLED = True  # the story page's fragments cached
    assert "Coached by" in client.get(coached_story.url).content.decode()
    coach_profile.credit_as_coach = False
    coach_profile.save()
    assert "Coached by" not in client.get(coached_story.url).content.decode()
