"""Who the editor suggests for a mention: only people who can open the story."""

import pytest
from django.urls import reverse

from stories.mentions.people import mentionable_people
from tests.factories import AuthorFactory, StoryPageFactory

pytestmark = pytest.mark.django_db


def _suggestions(client, user, story, prefix=""):
    client.force_login(user)
    return client.get(reverse("stories_mention_suggestions", args=[story.pk]), {"q": prefix})


def _names(response):
    return [person["name"] for person in response.json()["people"]]


def test_mentionable_people_are_the_author_their_coach_and_the_editors(cast):
    people = mentionable_people(cast["story"])
    assert set(people) == {cast["author"], cast["coach"], cast["editor"]}


def test_co_authors_and_their_coaches_may_be_mentioned(cast):
    partner = AuthorFactory(first_name="Paul", last_name="Roth", profile__coach=cast["other_coach"])
    story = StoryPageFactory(owner=cast["author"], live=False, co_authors=[partner.author_profile])
    people = mentionable_people(story)
    assert partner in people and cast["other_coach"] in people
    assert cast["other_author"] not in people


@pytest.mark.parametrize("role", ["author", "coach", "editor"])
def test_who_can_edit_the_story_gets_suggestions_without_themselves(client, cast, role):
    user = cast[role]
    response = _suggestions(client, user, cast["story"])
    assert response.status_code == 200
    expected = {"Anna Berg", "Clara Weiss", "Erik Lund"} - {user.get_full_name()}
    assert set(_names(response)) == expected


@pytest.mark.parametrize("role", ["other_author", "other_coach"])
def test_who_cannot_open_the_story_gets_no_suggestions(client, cast, role):
    response = _suggestions(client, cast[role], cast["story"])
    # The admin's draft privacy hides the story (404) before the view's own check (403).
    assert response.status_code in (403, 404)
    assert b"Anna" not in response.content


@pytest.mark.parametrize("role", ["author", "coach", "editor"])
def test_suggestions_never_list_people_who_cannot_open_the_story(client, cast, role):
    for prefix in ("", "o", "Ol", "Otto"):
        names = _suggestions(client, cast[role], cast["story"], prefix).json()["people"]
        listed = {person["id"] for person in names}
        assert cast["other_author"].pk not in listed
        assert cast["other_coach"].pk not in listed


def test_suggestions_match_a_prefix_of_any_name_case_insensitively(client, cast):
    assert _names(_suggestions(client, cast["author"], cast["story"], "cla")) == ["Clara Weiss"]
    assert _names(_suggestions(client, cast["author"], cast["story"], "WEI")) == ["Clara Weiss"]
    assert _names(_suggestions(client, cast["author"], cast["story"], "zz")) == []


def test_a_former_coach_is_no_longer_suggested(client, cast):
    profile = cast["author"].author_profile
    profile.coach = cast["other_coach"]
    profile.save()
    names = _names(_suggestions(client, cast["editor"], cast["story"]))
    assert "Clara Weiss" not in names and "Otto Klein" in names


def test_anonymous_users_get_no_suggestions(client, cast):
    response = client.get(reverse("stories_mention_suggestions", args=[cast["story"].pk]))
    assert response.status_code in (302, 403)


def test_pages_that_are_not_stories_get_no_suggestions(client, cast):
    from stories.models import StoryIndexPage

    index = StoryIndexPage.objects.get()
    client.force_login(cast["editor"])
    url = reverse("stories_mention_suggestions", args=[index.pk])
    assert client.get(url, {"q": "a"}).status_code == 404
    assert client.get(reverse("stories_mention_suggestions", args=[999999])).status_code == 404


def test_a_long_or_odd_prefix_is_no_error(client, cast):
    for prefix in ("x" * 5000, "%00", "@@", " "):
        assert _suggestions(client, cast["author"], cast["story"], prefix).status_code == 200


def test_the_coach_reviewing_the_story_now_may_be_mentioned(client, cast, driver):
    from tests.factories import CoachFactory

    stand_in = CoachFactory(first_name="Sam", last_name="Stand")
    driver.login(cast["author"])
    driver.submit(cast["story"])
    from stories.models import CoachReviewTaskState

    state = CoachReviewTaskState.objects.get()
    state.assigned_coach = stand_in
    state.save()
    assert stand_in in mentionable_people(cast["story"])


def test_the_editor_loads_the_suggestions_script_with_its_url(client, cast):
    client.force_login(cast["coach"])
    page = client.get(reverse("wagtailadmin_pages:edit", args=[cast["story"].pk])).content
    url_template = reverse("stories_mention_suggestions", args=[0])
    assert b"js/mentions.js" in page and f'data-url-template="{url_template}"'.encode() in page


def test_when_the_coach_step_falls_back_to_the_group_the_staff_coaches_are_suggested(
    client, cast, driver
):
    from authors.pairing import change_coach
    from tests.factories import AgencyCoachFactory, CoachFactory

    agency = AgencyCoachFactory(first_name="Alma", last_name="Agentur")
    gone = CoachFactory(first_name="Gina", last_name="Gone", is_active=False)
    change_coach(cast["author"].author_profile, None, cast["editor"])
    driver.login(cast["author"])
    driver.submit(cast["story"])
    from stories.models import CoachReviewTaskState

    assert CoachReviewTaskState.objects.get().reviewer_is_group
    people = mentionable_people(cast["story"])
    # Every active staff coach may take the step (and open the story): all are offered.
    assert cast["coach"] in people and cast["other_coach"] in people
    # Never an agency coach (no group reviews for them) nor a deactivated coach.
    assert agency not in people and gone not in people
    assert "Otto Klein" in _names(_suggestions(client, cast["author"], cast["story"], "ot"))


def test_without_a_fallback_review_other_coaches_are_not_suggested(cast):
    assert cast["other_coach"] not in mentionable_people(cast["story"])
