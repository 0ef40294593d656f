"""Real browser: the public CSP blocks nothing of ours; the admin editor works under its own."""

import pytest
from playwright.sync_api import expect

from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def collect_csp_violations(page):
    """Console errors Chromium prints when a Content-Security-Policy blocks something."""
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: violations.append(f"page error: {error}"))
    return violations


def test_public_story_page_loads_without_csp_violations(new_page, author):
    story = StoryPageFactory(
        owner=author,
        title="A story with a video",
        body=[("embed", {"url": "https://www.youtube-nocookie.com/embed/x", "title": "Video"})],
    )
    page = new_page()
    # Tests never touch the network: the allowlisted embed host answers with a stub.
    page.route("https://www.youtube-nocookie.com/**", lambda route: route.fulfill(body="ok"))
    violations = collect_csp_violations(page)
    response = page.goto(story.url)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.get_by_role("heading", level=1)).to_have_text("A story with a video")
    expect(page.locator("iframe[title=Video]")).to_be_attached()
    page.goto("/stories/")
    page.goto("/login/")
    assert violations == []


def test_page_editor_and_its_date_picker_work_under_the_admin_policy(new_page, login, editor):
    story = StoryPageFactory(title="Scheduled later")
    page = new_page()
    violations = collect_csp_violations(page)
    login(page, "editor")
    response = page.goto(f"/admin/pages/{story.pk}/edit/")
    assert "'unsafe-inline'" in response.headers["content-security-policy"]
    expect(page.locator("#id_title")).to_have_value("Scheduled later")
    # Wagtail 8 keeps "go live at" in the status side panel's schedule dialog.
    page.locator("[data-side-panel-toggle=status]").click()
    page.locator("[data-a11y-dialog-show=schedule-publishing-dialog]").first.click()
    go_live = page.locator("#id_go_live_at")
    go_live.click()
    expect(page.locator(".xdsoft_datetimepicker:visible").first).to_be_visible()
    assert violations == []
