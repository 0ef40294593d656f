"""Real browser: an employee signs in with the company account through the provider's own
login page (the test provider, tests/oidc_provider), lands on the dashboard, and signs out of
both; a later sign-in picks up a changed department and role."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from authors.roles import COACHES_GROUP, group_names
from tests.e2e.test_csp_in_browser import collect_csp_violations
from tests.oidc_provider.harness import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def claims(**extra):
    return {
        "email": "paula@acme.example",
        "email_verified": True,
        "preferred_username": "paula",
        "name": "Paula Pérez",
        "given_name": "Paula",
        "family_name": "Pérez",
        "department": "Plant Ingolstadt",
        "level": "professional",
        "job_title": "Line engineer",
        "groups": [],
        **extra,
    }


def sign_in_through_the_provider(page):
    page.goto("/admin/login/")
    # The admin speaks the site's language (German) before anyone is signed in.
    page.get_by_role("link", name="Mit Acme Insurance anmelden").click()
    page.wait_for_url("**/accounts/login/**")
    expect(page.get_by_role("heading", name="Test company sign-in")).to_be_visible()
    page.fill("#id_username", "paula")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/admin/")


def test_an_employee_signs_in_with_the_company_account(new_page, company_sign_in):
    company_sign_in.person("paula", claims())
    page = new_page(locale="en-GB")
    violations = collect_csp_violations(page)

    sign_in_through_the_provider(page)
    # The author dashboard (in the site's language): the new employee's own stories.
    expect(page.get_by_role("heading", name="Meine Geschichten")).to_be_visible()
    user = get_user_model().objects.get(username="paula")
    assert user.author_profile.department.name == "Plant Ingolstadt"
    assert COACHES_GROUP not in group_names(user)

    # Signing out ends the provider's session too: the next sign-in asks for the password.
    page.goto("/en/")
    page.locator("form[action$='/logout/'] button").click()
    page.wait_for_url(lambda url: "/o/logout" not in url and "localhost" in url)
    company_sign_in.person(
        "paula", claims(department="Plant Detroit", groups=["storywerk-coaches"])
    )
    sign_in_through_the_provider(page)

    user = get_user_model().objects.get(username="paula")
    assert user.author_profile.department.name == "Plant Detroit"
    assert COACHES_GROUP in group_names(user)
    assert violations == []
