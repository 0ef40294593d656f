"""Real browser: an editor extends an agency coach's end date, then ends the access now."""

import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from authors.agency import AgencyAccess
from tests.factories import AgencyCoachFactory
from tests.factories.people import AuthorProfileFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
SHOTS = Path(os.environ.get("STORYWERK_E2E_SHOTS", "/nonexistent"))


def test_an_editor_extends_then_ends_an_agency_coachs_access(
    new_page, login, editor, english_admin
):
    coach = AgencyCoachFactory(username="clara", expires_on=date.today() + timedelta(days=5))
    AuthorProfileFactory(user=coach, display_name="Clara Agency")

    page = login(new_page(), editor.username)
    page.goto("/admin/snippets/authors/authorprofile/")
    page.get_by_role("button", name="More options for 'Clara Agency'").click()
    page.get_by_role("link", name="Agency access").click()
    expect(page.get_by_text("The access ends on")).to_be_visible()
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / "coach-agency-access.png"))

    later = date.today() + timedelta(days=90)
    page.get_by_label("Access ends on").fill(later.isoformat())
    page.get_by_role("button", name="Save the end date").click()
    expect(page.get_by_text("now ends on")).to_be_visible()
    assert AgencyAccess.objects.get(user=coach).expires_on == later

    page.get_by_role("button", name="More options for 'Clara Agency'").click()
    page.get_by_role("link", name="Agency access").click()
    page.get_by_role("button", name="End access now").click()
    expect(page.get_by_text("the account is deactivated")).to_be_visible()
    coach.refresh_from_db()
    assert not coach.is_active
