"""Journey: an employee pitches, an editor accepts and pairs, the author opens the draft."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "How the night shift stopped losing parcels"
WHY = "Everyone who ships things can copy the idea tomorrow."


def test_employee_pitches_editor_accepts_author_opens_prefilled_draft(
    new_page, login, live_server, coach, editor
):
    UserFactory(username="employee", first_name="Emma", last_name="Employee")

    # 1. An employee who never used the CMS pitches in a minute.
    employee = new_page()
    employee.goto("/pitch/")
    expect(employee).to_have_url(re.compile(r"/login/\?next=/pitch/"))
    employee.fill("#id_username", "employee")
    employee.fill("#id_password", "a-long-test-password")
    employee.click("button[type=submit]")
    expect(employee).to_have_url(re.compile(r"/pitch/$"))
    employee.fill("#id_working_title", TITLE)
    employee.fill(
        "#id_what_happened",
        "Parcels kept vanishing at night until two colleagues built a simple tracking board.",
    )
    employee.fill("#id_why_it_matters", WHY)
    employee.check("#id_preference_0")
    employee.click("main form button[type=submit]")
    expect(employee).to_have_url(re.compile(r"/pitch/thanks/$"))
    expect(employee.get_by_role("heading", level=1)).to_be_visible()
    # No ORM calls from here on: once Playwright's sync API has driven a page, database
    # access from the test body ran on a connection that broke the next test's rollback.
    assert any(TITLE in message.subject for message in mail.outbox)  # editors were told

    # 2. The editor accepts it from the triage list and pairs the employee with a coach.
    desk = new_page()
    login(desk, "editor")
    desk.goto("/admin/pitches/")
    desk.get_by_role("link", name=TITLE).click()
    desk.click('a[href*="/admin/pitches/accept/"]')
    desk.select_option("#id_coach", value=str(coach.pk))
    desk.click("button[data-pitch-decision]")
    expect(desk).to_have_url(re.compile(r"/admin/pitches/$"))

    # 3. The author follows the link in the email and finds the draft, prefilled.
    accepted = [m for m in mail.outbox if m.to == ["employee@example.com"]]
    assert len(accepted) == 1
    link = re.search(r"http://testserver(/admin/pages/\d+/edit/)", accepted[0].body).group(1)
    employee.goto(live_server.url + link)
    expect(employee.locator("#id_title")).to_have_value(TITLE)
    expect(employee.locator("#id_teaser")).to_have_value(WHY)
    expect(employee.get_by_text("two colleagues built a simple tracking board")).to_be_visible()
