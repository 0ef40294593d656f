"""authors/company_sign_in/people.py without the provider: what claims change, and its cost."""

import pytest

from authors.company_sign_in.people import sign_in
from authors.models import Level

pytestmark = pytest.mark.django_db
ISSUER = "https://login.acme.example"


def claims(**extra):
    return {
        "sub": "s-1",
        "email": "rita@acme.example",
        "email_verified": True,
        "preferred_username": "rita",
        "name": "Rita Levi",
        "department": "Legal",
        "level": "manager",
        "groups": ["storywerk-coaches"],
        **extra,
    }


@pytest.fixture(autouse=True)
def _roles(settings):
    settings.STORYWERK_OIDC_ROLE_GROUPS = {
        "Coaches": ["storywerk-coaches"],
        "Editors": ["storywerk-editors"],
    }


def test_an_unverified_email_is_not_taken_over_and_unknown_levels_change_nothing():
    sign_in(claims(), issuer=ISSUER, amr=[], acr="")
    user = sign_in(
        claims(email="someone@else.example", email_verified=False, level="Grand vizier"),
        issuer=ISSUER,
        amr=[],
        acr="",
    )
    assert user.email == "rita@acme.example"
    assert user.author_profile.level == Level.MANAGER


def test_a_repeat_sign_in_costs_a_fixed_number_of_queries(django_assert_max_num_queries):
    sign_in(claims(), issuer=ISSUER, amr=[], acr="")
    with django_assert_max_num_queries(25):
        sign_in(claims(), issuer=ISSUER, amr=["pwd"], acr="")
