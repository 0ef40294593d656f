"""OIDC_GROUPS_AGENCY_STAFF grants the Agency coaches role, added and removed at each sign-in."""

from datetime import date

import pytest
import time_machine

from authors.agency import AgencyAccess
from authors.company_sign_in.people import SignInRefused, sign_in
from authors.models import AUTHORS_GROUP, COACHES_GROUP
from authors.roles import AGENCY_COACHES_GROUP, group_names, is_agency_coach, is_employee
from stories.models import StoryIndexPage
from tests.factories import AuthorFactory

pytestmark = pytest.mark.django_db
ISSUER = "https://login.acme.example"


def claims(groups):
    return {
        "sub": "s-agency",
        "email": "clara@agency.example",
        "email_verified": True,
        "preferred_username": "clara",
        "name": "Clara Agency",
        "groups": groups,
    }


@pytest.fixture(autouse=True)
def _roles(settings):
    settings.STORYWERK_OIDC_ROLE_GROUPS = {
        "Coaches": ["storywerk-coaches"],
        "Editors": ["storywerk-editors"],
        "Agency coaches": ["agency-staff"],
    }


def test_the_agency_staff_group_makes_an_agency_coach_and_its_loss_releases_them():
    user = sign_in(claims(["agency-staff"]), issuer=ISSUER, amr=[], acr="")
    assert AGENCY_COACHES_GROUP in group_names(user)
    assert is_agency_coach(user) and not is_employee(user)
    coached = AuthorFactory(profile__coach=user).author_profile

    user = sign_in(claims([]), issuer=ISSUER, amr=[], acr="")
    assert AGENCY_COACHES_GROUP not in group_names(user)
    coached.refresh_from_db()
    assert coached.coach is None  # released as any coach who leaves the role


def test_an_ended_agency_access_is_refused_whatever_the_provider_says():
    user = sign_in(claims(["agency-staff"]), issuer=ISSUER, amr=[], acr="")
    AgencyAccess.objects.create(user=user, expires_on=date(2026, 12, 1))
    with time_machine.travel(date(2026, 12, 7)), pytest.raises(SignInRefused):
        sign_in(claims(["agency-staff"]), issuer=ISSUER, amr=[], acr="")


def test_a_new_agency_coach_is_not_put_in_authors():
    user = sign_in(claims(["agency-staff"]), issuer=ISSUER, amr=[], acr="")
    assert group_names(user) == {AGENCY_COACHES_GROUP}
    # No Authors: the story index's "add" right is the Authors group's.
    index = StoryIndexPage.objects.get()  # made by the migrations
    assert not index.permissions_for_user(user).can_add_subpage()


def test_a_new_employee_in_the_agency_group_and_a_staff_role_still_writes():
    user = sign_in(claims(["agency-staff", "storywerk-coaches"]), issuer=ISSUER, amr=[], acr="")
    assert {AUTHORS_GROUP, COACHES_GROUP} <= group_names(user)


def test_a_new_employee_without_mapped_roles_is_an_author():
    user = sign_in(claims([]), issuer=ISSUER, amr=[], acr="")
    assert group_names(user) == {AUTHORS_GROUP}
