"""Nothing lost: Wagtail 8's autosave keeps what an author typed when the
session ends mid-edit. The HTTP-level half is tests/stories/test_nothing_lost.py."""

import re
from importlib import import_module

import pytest
from django.conf import settings
from playwright.sync_api import expect
from wagtail.rich_text import RichText

from stories.models import StoryPage
from tests.e2e.admin_steps import body_editor, replace_body_text
from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TYPED = "The night crew found the loop at 3 a.m. and fixed it before breakfast."
LATE = "Then they wrote it all down."
# Autosave waits for Wagtail's change check (500 ms), its notify delay and its own debounce.
AUTOSAVE_TIMEOUT = 15_000

# Wagtail's w-unsaved controller takes its "before" snapshot of the form 2 s after the editor
# loads; edits typed earlier count as the starting point and trigger no autosave. The editor
# marks <html> once it watches for edits, so the test can wait for that instead of sleeping.
MARK_WATCHING = """
document.addEventListener("w-unsaved:watch-edits", () => {
  document.documentElement.dataset.watchingEdits = "true";
});
"""


@pytest.fixture
def draft(author):
    return StoryPageFactory(
        owner=author,
        title="The parcel loop",
        live=False,
        body=[("paragraph", RichText("<p>First notes.</p>"))],
    )


def open_editor(page, story):
    page.context.add_init_script(MARK_WATCHING)
    page.goto(f"/admin/pages/{story.pk}/edit/")
    expect(page.locator("html")).to_have_attribute("data-watching-edits", "true")


def autosave_indicator(page):
    return page.locator("#w-autosave-indicator")


def end_session_server_side(page):
    """What a timeout, a logout elsewhere or a flushed session store does to this browser."""
    key = next(
        cookie["value"]
        for cookie in page.context.cookies()
        if cookie["name"] == settings.SESSION_COOKIE_NAME
    )
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)
    assert store.exists(key)
    store.delete()


def press_save_draft(page):
    # Authors have "Send to <coach>" in front; "Save draft" sits under "More actions".
    save = page.get_by_role("button", name="Save draft")
    if not save.is_visible():
        page.get_by_role("button", name="More actions").click()
    save.click()


def latest_draft(story):
    revision = StoryPage.objects.get(pk=story.pk).get_latest_revision()
    return revision, str(revision.as_object().body)


def test_text_typed_before_the_session_ended_is_the_draft_after_logging_in_again(
    new_page, login, english_admin, author, draft
):
    page = new_page()
    login(page, "author")
    open_editor(page, draft)
    replace_body_text(page, TYPED)
    expect(autosave_indicator(page)).to_have_attribute(
        "data-w-autosave-state-value", "saved", timeout=AUTOSAVE_TIMEOUT
    )
    revision, body = latest_draft(draft)
    assert TYPED in body
    assert revision.user == author

    end_session_server_side(page)
    # The author presses "Save draft" and is asked to log in again...
    press_save_draft(page)
    expect(page).to_have_url(re.compile(rf"/admin/login/\?next=/admin/pages/{draft.pk}/edit/$"))
    page.fill("input[name=username]", "author")
    page.fill("input[name=password]", "a-long-test-password")
    page.click("button[type=submit]")

    # ...and is back in the editor with the text typed before the session ended.
    expect(page).to_have_url(re.compile(rf"/admin/pages/{draft.pk}/edit/$"))
    expect(body_editor(page)).to_have_text(TYPED)
    revision_after, body_after = latest_draft(draft)
    assert TYPED in body_after
    assert revision_after.user == author
    assert "First notes." not in body_after


def test_text_typed_after_the_session_ended_is_saved_after_logging_in_again_in_a_new_tab(
    new_page, login, english_admin, author, draft
):
    """Without the session guard (static/js/editor-session.js) Save led to the login page and
    dropped the late text, and saving after a login in another tab failed the CSRF check."""
    page = new_page()
    login(page, "author")
    open_editor(page, draft)
    replace_body_text(page, TYPED)
    indicator = autosave_indicator(page)
    expect(indicator).to_have_attribute(
        "data-w-autosave-state-value", "saved", timeout=AUTOSAVE_TIMEOUT
    )

    end_session_server_side(page)
    editor = body_editor(page)
    editor.press("End")
    editor.press_sequentially(" " + LATE)
    # The autosave of the late text fails, and the author is told why and what to do.
    expect(indicator).to_have_attribute(
        "data-w-autosave-state-value", "paused", timeout=AUTOSAVE_TIMEOUT
    )
    warning = page.locator(".messages .warning", has_text="Your session has ended")
    expect(warning).to_be_visible()
    assert LATE not in latest_draft(draft)[1]

    # Save does not leave the page (the login page would drop the late text).
    press_save_draft(page)
    expect(warning).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/admin/pages/{draft.pk}/edit/$"))
    expect(editor).to_have_text(f"{TYPED} {LATE}")

    # The author logs in again in a new tab, comes back and saves: nothing is lost.
    login(page.context.new_page(), "author")
    page.bring_to_front()
    with page.expect_navigation():
        press_save_draft(page)
    expect(page.locator(".messages .success")).to_be_visible()
    expect(body_editor(page)).to_have_text(f"{TYPED} {LATE}")
    revision, body = latest_draft(draft)
    assert f"{TYPED} {LATE}" in body
    assert revision.user == author


EARLY = " (typed at once)"
# Records when Wagtail's w-unsaved controller flags the form as changed.
MARK_UNSAVED = """
document.addEventListener("w-unsaved:add", () => {
  document.documentElement.dataset.unsavedEdits = "true";
});
"""


def test_text_typed_the_moment_the_editor_opens_is_flagged_and_autosaved(
    new_page, login, english_admin, author, draft
):
    """Wagtail's "before" snapshot of the form is taken 2 s after the editor loads; without
    the early-edit watch (static/js/editor-session.js) text typed earlier was part of it:
    neither flagged as unsaved nor autosaved, and lost on closing the tab."""
    page = new_page()
    login(page, "author")
    page.context.add_init_script(MARK_WATCHING + MARK_UNSAVED)
    page.goto(f"/admin/pages/{draft.pk}/edit/", wait_until="domcontentloaded")
    title = page.locator("#id_title")
    title.press("End")
    title.press_sequentially(EARLY)
    # The keystrokes landed before Wagtail started watching for edits (the case at hand).
    assert page.locator("html").get_attribute("data-watching-edits") is None

    expect(page.locator("html")).to_have_attribute("data-unsaved-edits", "true")
    expect(autosave_indicator(page)).to_have_attribute(
        "data-w-autosave-state-value", "saved", timeout=AUTOSAVE_TIMEOUT
    )
    revision = StoryPage.objects.get(pk=draft.pk).get_latest_revision()
    assert revision.as_object().title == "The parcel loop" + EARLY
    assert revision.user == author
