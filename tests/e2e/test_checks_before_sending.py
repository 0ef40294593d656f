"""Journey: a story without a teaser is kept as a draft but not sent; with the teaser it goes
to the coach, the glossary hint shown to the author and, the same, to the coach."""

import os

import pytest
from playwright.sync_api import expect

from stories.checks.models import GlossarySettings
from stories.models import CoachReviewTaskState, StoryPage
from tests.e2e.admin_steps import write_story
from tests.e2e.test_accessibility import axe_problems

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "The KPI nobody read"
HINT = "“KPI” (1×): the company glossary prefers “key figure”."
SCREENSHOTS = os.environ.get("CHECKS_SCREENSHOT_DIR")


def send(page, note=None):
    page.locator("[data-send-open]").click()
    dialog = page.locator("#send-dialog")
    if note is not None:
        dialog.locator("textarea").fill(note)
    dialog.get_by_role("button", name="Send", exact=True).click()


@pytest.fixture
def glossary(db):
    settings = GlossarySettings.load()
    settings.terms.create(avoid="KPI", prefer="key figure")
    settings.save()


def test_required_check_refuses_the_send_and_the_hint_reaches_the_coach(
    new_page, login, english_admin, glossary, coach
):
    author_page = new_page()
    login(author_page, "author")
    write_story(author_page, TITLE, "", "Our KPI went up, and nobody noticed.")
    send(author_page, note="Is the title too dry?")

    # Refused, but the draft is kept: the message says so and the teaser field says why.
    expect(author_page.locator(".messages .error")).to_contain_text(
        "Your draft is saved, but it was not sent to your coach"
    )
    teaser_field = author_page.locator("[data-field]", has=author_page.locator("#id_teaser"))
    expect(teaser_field).to_contain_text("Write a teaser")
    checks = author_page.locator("[data-sending-checks]")
    expect(checks.locator("[data-checks-required]")).to_contain_text("Write a teaser")
    expect(checks.locator("[data-checks-suggested]")).to_contain_text(HINT)
    story = StoryPage.objects.get(title=TITLE)
    assert story.current_workflow_state is None
    assert axe_problems(author_page, context="[data-sending-checks]") == []
    if SCREENSHOTS:
        checks.scroll_into_view_if_needed()
        author_page.screenshot(path=f"{SCREENSHOTS}/checks-refused.png", full_page=True)

    # Before confirming again, the dialog lists what is required and keeps the note.
    author_page.locator("[data-send-open]").click()
    dialog = author_page.locator("#send-dialog")
    expect(dialog.locator("[data-send-checks]")).to_contain_text("Write a teaser")
    expect(dialog.locator("[data-send-blocked]")).to_be_visible()
    expect(dialog.locator("textarea")).to_have_value("Is the title too dry?")
    if SCREENSHOTS:
        author_page.screenshot(path=f"{SCREENSHOTS}/checks-in-dialog.png")
    dialog.get_by_role("button", name="Not yet").click()

    # With a teaser the story goes; the glossary hint does not hold it back.
    author_page.fill("#id_teaser", "A figure went up and nobody noticed.")
    send(author_page)
    expect(author_page.locator(".messages .success")).to_be_visible()
    assert CoachReviewTaskState.objects.get().assigned_coach == coach

    coach_page = new_page()
    login(coach_page, "coach")
    coach_page.goto(f"/admin/pages/{story.pk}/edit/")
    coach_checks = coach_page.locator("[data-sending-checks]")
    expect(coach_checks.locator("[data-checks-required-ok]")).to_be_visible()
    expect(coach_checks.locator("[data-checks-suggested]")).to_contain_text(HINT)
    if SCREENSHOTS:
        coach_checks.scroll_into_view_if_needed()
        coach_page.screenshot(path=f"{SCREENSHOTS}/checks-coach.png")
