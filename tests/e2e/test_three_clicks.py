"""Journey: from the dashboard to "with my coach, note included" in at most three clicks,
in English and in German, and once with the keyboard alone (the author's part; the coach's
and the editor's part of the journey is tests/e2e/test_review_journey.py's).

A click is a pointer click on anything but a text field: moving into the title, the teaser or
the paragraph to type is writing, not a step (as the count of 7 clicks this replaces did).
"""

import pytest
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from stories.models import StoryPage
from tests.e2e.admin_steps import wait_for_body_input
from tests.factories import AuthorFactory, CoachFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MAX_CLICKS = 3
COUNT_CLICKS = """
window.addEventListener("click", (event) => {
  const typing = event.target.closest("input, textarea, [contenteditable=true]");
  if (event.isTrusted && event.detail > 0 && !typing) {
    sessionStorage.clicks = String(Number(sessionStorage.clicks || 0) + 1);
  }
}, true);
"""
CLICKS = "() => Number(sessionStorage.clicks || 0)"
IN_DIALOG = "() => !!document.activeElement.closest('dialog[open]')"
WORDS = {
    "en": {"write": "Write a story", "send": "Send", "sent": "Clara Weiss has your story."},
    "de": {
        "write": "Geschichte schreiben",
        "send": "Senden",
        "sent": "Clara Weiss hat Ihre Geschichte.",
    },
}
NOTE = "Is the ending too abrupt?"
TEXT = "The loop was found at 3 a.m."


@pytest.fixture
def anna(db):
    clara = CoachFactory(username="clara", first_name="Clara", last_name="Weiss")
    return AuthorFactory(
        username="anna", first_name="Anna", last_name="Berger", profile__coach=clara
    )


def signed_in(new_page, login, anna, language):
    UserProfile.get_for_user(anna)
    UserProfile.objects.filter(user=anna).update(preferred_language=language)
    page = new_page()
    page.context.add_init_script(COUNT_CLICKS)
    login(page, "anna")
    page.evaluate("() => { sessionStorage.clicks = '0'; }")
    return page


def assert_with_the_coach(page, language):
    expect(page.locator(".messages")).to_contain_text(WORDS[language]["sent"])
    story = StoryPage.objects.get(title="Night shift")
    state = story.current_workflow_task_state.specific
    assert state.note == NOTE
    assert state.assigned_coach.username == "clara"


@pytest.mark.parametrize("language", ["en", "de"])
def test_an_author_sends_a_story_to_the_coach_in_three_clicks(new_page, login, anna, language):
    words = WORDS[language]
    page = signed_in(new_page, login, anna, language)
    page.get_by_role("link", name=words["write"]).click()
    expect(page.locator("#id_title")).to_be_focused()
    page.keyboard.type("Night shift")
    page.locator("#id_teaser").click()
    page.keyboard.type("What the night crew found.")
    page.locator(".Draftail-Editor [contenteditable=true]").first.click()
    page.keyboard.type(TEXT)
    # Draftail copies the paragraph into the form's hidden input on change.
    wait_for_body_input(page, TEXT)
    page.locator("[data-send-open]").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("textarea")).to_be_focused()
    page.keyboard.type(NOTE)
    dialog.get_by_role("button", name=words["send"], exact=True).click()
    assert_with_the_coach(page, language)
    clicks = page.evaluate(CLICKS)
    assert clicks <= MAX_CLICKS, f"{clicks} clicks from the dashboard to the coach"


def tab_to(page, check, limit=80, key="Tab"):
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate(check):
            return
    raise AssertionError(f"{check} never focused")


def test_an_author_sends_a_story_with_the_keyboard_alone(new_page, login, anna):
    page = signed_in(new_page, login, anna, "en")
    tab_to(page, "() => document.activeElement.textContent.trim() === 'Write a story'")
    page.keyboard.press("Enter")
    expect(page.locator("#id_title")).to_be_focused()
    page.keyboard.type("Night shift")
    tab_to(page, "() => document.activeElement.id === 'id_teaser'")
    page.keyboard.type("What the night crew found.")
    tab_to(page, "() => document.activeElement.isContentEditable")
    page.keyboard.type(TEXT)
    # Draftail copies the paragraph into the form's hidden input on change.
    wait_for_body_input(page, TEXT)
    tab_to(page, "() => document.activeElement.hasAttribute('data-send-open')", limit=120)
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog.locator("textarea")).to_be_focused()
    # Escape closes the dialog and gives focus back to the button that opened it.
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator("[data-send-open]")).to_be_focused()
    page.keyboard.press("Enter")
    expect(dialog.locator("textarea")).to_be_focused()
    # Focus stays in the dialog while it is open.
    for _ in range(2):
        page.keyboard.press("Tab")
        assert page.evaluate(IN_DIALOG)
    tab_to(page, "() => document.activeElement.tagName === 'TEXTAREA'", limit=4, key="Shift+Tab")
    page.keyboard.type(NOTE)
    page.keyboard.press("Enter")
    assert_with_the_coach(page, "en")
    assert page.evaluate(CLICKS) == 0


def test_the_story_form_and_the_send_dialog_pass_axe(new_page, login, anna):
    from tests.e2e.test_accessibility import axe_problems

    page = signed_in(new_page, login, anna, "en")
    page.get_by_role("link", name="Write a story").click()
    expect(page.locator("#id_title")).to_be_focused()
    # What Storywerk shapes: the first tab (title, teaser, image, body, audience) and the dialog.
    assert axe_problems(page, context="section.w-tabs__panel:not([hidden])") == []
    page.locator("[data-send-open]").click()
    expect(page.get_by_role("dialog")).to_be_visible()
    assert axe_problems(page, context="#send-dialog") == []


def test_a_heading_an_image_and_a_quote_are_one_click_away(new_page, login, anna):
    page = signed_in(new_page, login, anna, "en")
    page.get_by_role("link", name="Write a story").click()
    expect(page.locator("#id_title")).to_be_focused()
    buttons = page.get_by_role("group", name="Add to your story")
    for label, block_type in (
        ("Heading", "heading"),
        ("Image", "image"),
        ("Pull quote", "pull_quote"),
    ):
        buttons.get_by_role("button", name=label, exact=True).click()
        # Wagtail's stream records each block's type in a hidden input.
        expect(page.locator(f'input[name$="-type"][value="{block_type}"]')).to_have_count(1)
    assert page.evaluate(CLICKS) == 4  # "Write a story" and one per block
