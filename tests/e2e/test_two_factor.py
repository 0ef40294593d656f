"""Real browser: an Editor sets up an authenticator app when required, then signs in with it."""

import base64
import time

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.e2e.test_csp_in_browser import collect_csp_violations
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def app_code(manual_key, steps_ahead=0):
    """What an authenticator app shows for the key typed in by hand (no QR scan needed)."""
    totp = TOTP(base64.b32decode(manual_key.replace(" ", "")))
    totp.time = time.time() + steps_ahead * 30
    return f"{totp.token():06d}"


def sign_in_with_password(page, username):
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def test_editor_sets_up_totp_then_signs_in_with_a_code(new_page, editor, settings):
    settings.STORYWERK_TWO_FACTOR = True
    page = new_page()
    violations = collect_csp_violations(page)

    # Required for Editors: the password alone leads to the set-up page.
    sign_in_with_password(page, "editor")
    page.wait_for_url("**/admin/two-factor/?next=*")
    expect(page.locator("img[src^='data:image/svg+xml']")).to_be_visible()
    manual_key = page.locator("[data-two-factor-key]").inner_text()
    page.fill("input[name=code]", app_code(manual_key))
    page.locator("input[name=code]").press("Enter")
    page.wait_for_url("**/admin/")
    expect(page.locator("h1").first).to_be_visible()
    assert violations == []

    # A new browser: password, then the code, then the admin. The code used for set-up cannot
    # be used again, so this takes the app's next one (one step ahead is tolerated).
    page = new_page()
    sign_in_with_password(page, "editor")
    page.wait_for_url("**/admin/two-factor/verify/?next=*")
    page.fill("input[name=code]", app_code(manual_key, steps_ahead=1))
    page.locator("input[name=code]").press("Enter")
    page.wait_for_url("**/admin/")
    expect(page.locator("h1").first).to_be_visible()
