"""Editors see an agency coach's end date on the person's profile, extend it or end it now."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from wagtail.models import ModelLogEntry, Workflow

from authors.agency import AGENCY_ACCESS_CHANGED, AGENCY_ACCESS_ENDED, AgencyAccess
from authors.models import AuthorProfile
from authors.roles import AGENCY_COACHES_GROUP
from stories.review.coach_task import CoachReviewTaskState
from stories.review.setup import WORKFLOW_NAME
from tests.factories import AgencyCoachFactory, AuthorFactory, StoryPageFactory
from tests.factories.people import PASSWORD, AuthorProfileFactory

# These tests read English UI text; the site default (LANGUAGE_CODE) is German.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_default_language")]
TODAY = date(2026, 12, 7)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY):
        yield


@pytest.fixture
def agency_coach(db):
    coach = AgencyCoachFactory(username="clara", expires_on=TODAY + timedelta(days=10))
    AuthorProfileFactory(user=coach, display_name="Clara Agency")
    return coach


@pytest.fixture
def agency_author(agency_coach):
    return AuthorFactory(username="anna", profile__coach=agency_coach)


def access_url(user):
    profile = AuthorProfile.objects.get(user=user)
    return reverse("wagtailsnippets_authors_authorprofile:agency_access", args=[profile.pk])


def assert_denied(response):
    assert response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    ), response


def test_editor_sees_the_end_date_and_extends_it(client, editor, agency_coach):
    client.force_login(editor)
    page = client.get(access_url(agency_coach)).content.decode()
    assert "The access ends on" in page and "End access now" in page
    response = client.post(access_url(agency_coach), {"expires_on": "2027-03-31"})
    assert response.status_code == 302
    assert AgencyAccess.objects.get(user=agency_coach).expires_on == date(2027, 3, 31)
    entry = ModelLogEntry.objects.get(action=AGENCY_ACCESS_CHANGED)
    assert entry.user == editor and entry.data["new_date"] == "2027-03-31"


@pytest.mark.parametrize("given", ["", "2026-12-07", "not a date"])
def test_a_new_end_date_must_be_in_the_future(client, editor, agency_coach, given):
    client.force_login(editor)
    response = client.post(access_url(agency_coach), {"expires_on": given})
    assert response.status_code == 200
    assert AgencyAccess.objects.get(user=agency_coach).expires_on == TODAY + timedelta(days=10)


def test_ending_now_deactivates_and_hands_the_reviews_back(client, editor, agency_author):
    coach = agency_author.author_profile.coach
    story = StoryPageFactory(owner=agency_author, live=False)
    Workflow.objects.get(name=WORKFLOW_NAME).start(story, agency_author)
    state = CoachReviewTaskState.objects.get()
    assert state.assigned_coach == coach
    client.force_login(editor)
    response = client.post(access_url(coach), {"end_now": "1"})
    assert response.status_code == 302
    coach.refresh_from_db()
    access = AgencyAccess.objects.get(user=coach)
    assert not coach.is_active and access.expires_on == TODAY and access.ended_at is not None
    state.refresh_from_db()
    assert state.assigned_coach is None  # the Coaches group reviews now
    assert AuthorProfile.objects.get(user=agency_author).coach is None
    assert ModelLogEntry.objects.filter(action=AGENCY_ACCESS_ENDED, user=editor).exists()
    # Ended: the sign-in is refused.
    client.logout()
    response = client.post("/admin/login/", {"username": "clara", "password": PASSWORD})
    assert "agency coach ended on" in response.content.decode()


def test_extending_an_ended_access_lets_the_person_sign_in_again(client, editor, agency_coach):
    client.force_login(editor)
    client.post(access_url(agency_coach), {"end_now": "1"})
    agency_coach.refresh_from_db()
    assert not agency_coach.is_active
    client.post(access_url(agency_coach), {"expires_on": "2027-01-31"})
    agency_coach.refresh_from_db()
    access = AgencyAccess.objects.get(user=agency_coach)
    assert agency_coach.is_active and access.ended_at is None


def test_an_agency_coach_signed_in_without_an_end_date_gets_one(client, editor):
    # Company sign-in staff have no end date until an editor sets one.
    profile = AuthorProfileFactory(user__groups=[AGENCY_COACHES_GROUP])
    client.force_login(editor)
    page = client.get(access_url(profile.user)).content.decode()
    assert "No end date is set" in page
    client.post(access_url(profile.user), {"expires_on": "2027-02-01"})
    assert AgencyAccess.objects.get(user=profile.user).expires_on == date(2027, 2, 1)


def test_an_employee_has_no_agency_access_page(client, editor, author):
    client.force_login(editor)
    assert client.get(access_url(author)).status_code == 404
    assert client.post(access_url(author), {"end_now": "1"}).status_code == 404
    author.refresh_from_db()
    assert author.is_active


@pytest.mark.parametrize("role", ["coach", "author", "agency_coach"])
def test_only_editors_may_change_an_agency_access(client, request, agency_author, role):
    coach = agency_author.author_profile.coach
    user = coach if role == "agency_coach" else request.getfixturevalue(role)
    client.force_login(user)
    assert_denied(client.get(access_url(coach)))
    assert_denied(client.post(access_url(coach), {"expires_on": "2027-12-31"}))
    assert_denied(client.post(access_url(coach), {"end_now": "1"}))
    coach.refresh_from_db()
    assert coach.is_active
    assert AgencyAccess.objects.get(user=coach).expires_on == TODAY + timedelta(days=10)


def test_the_link_is_on_the_profile_listing_and_the_profile_page(
    client, editor, agency_coach, author
):
    client.force_login(editor)
    listing = client.get(reverse("wagtailsnippets_authors_authorprofile:list")).content.decode()
    assert access_url(agency_coach) in listing
    assert access_url(author) not in listing
    profile = AuthorProfile.objects.get(user=agency_coach)
    edit_url = reverse("wagtailsnippets_authors_authorprofile:edit", args=[profile.pk])
    assert access_url(agency_coach) in client.get(edit_url).content.decode()
