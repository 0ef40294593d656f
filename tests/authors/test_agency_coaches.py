"""Agency coaches: invited with an end date, refused at sign-in from that day, then deactivated."""

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from wagtail.models import TaskState

from authors.agency import AgencyAccess
from authors.models import AUTHORS_GROUP, Invitation, ProfileVisibility
from authors.roles import (
    AGENCY_COACHES_GROUP,
    InvitedRole,
    group_names,
    is_agency_coach,
    is_coach,
    is_employee,
)
from stories.review.coach_task import CoachReviewTaskState
from tests.factories import AgencyCoachFactory, AuthorFactory, StoryPageFactory, UserFactory
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db
User = get_user_model()
TODAY = date(2026, 12, 7)


def _invite(client, user, **data):
    client.force_login(user)
    fields = {"email": "clara@agency.example", "display_name": "Clara", "role": "agency_coach"}
    return client.post("/admin/invitations/new/", fields | data)


@time_machine.travel(TODAY)
def test_editor_invites_an_agency_coach_who_joins_only_agency_coaches(
    client, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, editor, access_expires_on="2027-03-31")
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.role == InvitedRole.AGENCY_COACH
    token = re.search(r"/invitation/([\w-]+)/", mail.outbox[0].body).group(1)
    client.logout()
    client.post(
        f"/invitation/{token}/",
        {
            "username": "clara",
            "display_name": "Clara",
            "password1": "a-long-new-passphrase",
            "password2": "a-long-new-passphrase",
            "profile_visibility": ProfileVisibility.PUBLIC,
            "consent": "on",
        },
    )
    user = User.objects.get(username="clara")
    assert group_names(user) == {AGENCY_COACHES_GROUP}
    assert user.agency_access.expires_on == date(2027, 3, 31)
    # No storyteller page for someone who writes no stories here.
    assert user.author_profile.profile_visibility == ProfileVisibility.HIDDEN
    assert is_coach(user) and is_agency_coach(user) and not is_employee(user)


@pytest.mark.usefixtures("english_default_language")  # reads English text
@time_machine.travel(TODAY)
@pytest.mark.parametrize(
    ("date_given", "error"), [("", "needs an end date"), ("2026-12-07", "in the future")]
)
def test_an_agency_coach_needs_a_future_end_date(client, editor, date_given, error):
    response = _invite(client, editor, access_expires_on=date_given)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Invitation.objects.exists()


def test_only_admins_may_invite_editors(client, editor):
    response = _invite(client, editor, role="editor")
    assert response.status_code == 200
    assert not Invitation.objects.exists()
    form_page = client.get("/admin/invitations/new/").content.decode()
    assert 'value="agency_coach"' in form_page and 'value="editor"' not in form_page
    admin = UserFactory(is_superuser=True)
    assert _invite(client, admin, role="editor", email="ed@example.com").status_code == 302
    assert Invitation.objects.get().role == InvitedRole.EDITOR


def test_an_invited_coach_writes_and_coaches(client, editor):
    assert _invite(client, editor, role="coach").status_code == 302
    assert Invitation.objects.get().access_expires_on is None


@pytest.fixture
def expired():
    coach = AgencyCoachFactory(username="clara", expires_on=TODAY)
    AuthorFactory(profile__coach=coach)
    return coach


@pytest.mark.usefixtures("english_default_language")  # reads English text
@time_machine.travel(TODAY)
@pytest.mark.parametrize("url", ["/login/", "/admin/login/"])
def test_sign_in_is_refused_with_a_clear_message_on_the_end_date(client, expired, url):
    response = client.post(url, {"username": "clara", "password": PASSWORD})
    assert response.status_code == 200
    assert "agency coach ended on" in response.content.decode()
    expired.refresh_from_db()
    assert not expired.is_active
    # Once deactivated, the same words (and still only with the right password).
    response = client.post(url, {"username": "clara", "password": PASSWORD})
    assert "agency coach ended on" in response.content.decode()
    response = client.post(url, {"username": "clara", "password": "wrong-password-1"})
    assert "agency coach ended" not in response.content.decode()


@time_machine.travel(TODAY - timedelta(days=1))
def test_the_day_before_the_end_date_the_agency_coach_signs_in(client, expired):
    response = client.post("/admin/login/", {"username": "clara", "password": PASSWORD})
    assert response.status_code == 302


def test_an_open_session_ends_on_the_end_date(client, expired):
    with time_machine.travel(TODAY - timedelta(days=1)):
        client.force_login(expired)
        assert client.get("/admin/").status_code == 200
    with time_machine.travel(TODAY):
        assert client.get("/admin/").status_code == 302
    expired.refresh_from_db()
    assert not expired.is_active


def test_the_job_deactivates_never_deletes_and_reviews_fall_back(expired):
    author = expired.coached_profiles.get().user
    other = AgencyCoachFactory(expires_on=TODAY + timedelta(days=1))
    story = StoryPageFactory(owner=author, live=False)
    from wagtail.models import Workflow

    from stories.review.setup import WORKFLOW_NAME

    Workflow.objects.get(name=WORKFLOW_NAME).start(story, author)
    state = CoachReviewTaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS)
    assert state.assigned_coach == expired
    with time_machine.travel(TODAY):
        call_command("end_agency_access", stdout=None)
    expired.refresh_from_db()
    other.refresh_from_db()
    assert not expired.is_active and other.is_active
    assert User.objects.filter(pk=expired.pk).exists()
    assert AgencyAccess.objects.get(user=expired).ended_at is not None
    state.refresh_from_db()
    assert state.assigned_coach is None  # the Coaches group reviews now
    assert author.author_profile.__class__.objects.get(user=author).coach is None


def test_agency_coach_who_is_also_in_authors_is_still_no_employee():
    coach = AgencyCoachFactory(groups=[AGENCY_COACHES_GROUP, AUTHORS_GROUP])
    assert not is_employee(coach)


def test_an_agency_coach_can_be_paired_and_leaving_the_group_releases_them(editor):
    from django.contrib.auth.models import Group

    from authors.pairing import change_coach

    coach = AgencyCoachFactory()
    profile = AuthorFactory().author_profile
    change_coach(profile, coach, editor)
    profile.refresh_from_db()
    assert profile.coach == coach
    coach.groups.remove(Group.objects.get(name=AGENCY_COACHES_GROUP))
    profile.refresh_from_db()
    assert profile.coach is None


@pytest.mark.usefixtures("english_default_language")  # reads English text
def test_the_accept_page_asks_no_agency_coach_for_profile_visibility(client, editor):
    assert _invite(client, editor, access_expires_on="2099-03-31").status_code == 302
    invitation = Invitation.objects.get()
    token = invitation.issue_token()
    invitation.save()
    client.logout()
    page = client.get(f"/invitation/{token}/").content.decode()
    assert 'name="profile_visibility"' not in page
    assert "Your author profile stays hidden" in page
    # Accepted without the field: the profile is hidden.
    response = client.post(
        f"/invitation/{token}/",
        {
            "username": "clara",
            "display_name": "Clara",
            "password1": "a-long-new-passphrase",
            "password2": "a-long-new-passphrase",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="clara")
    assert user.author_profile.profile_visibility == ProfileVisibility.HIDDEN


@pytest.mark.usefixtures("english_default_language")  # reads English text
def test_the_accept_page_still_asks_an_author_for_profile_visibility(client, editor):
    assert _invite(client, editor, role="author", email="ben@example.com").status_code == 302
    invitation = Invitation.objects.get()
    token = invitation.issue_token()
    invitation.save()
    client.logout()
    page = client.get(f"/invitation/{token}/").content.decode()
    assert 'name="profile_visibility"' in page
    assert "Your author profile stays hidden" not in page
