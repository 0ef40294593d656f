"""What people do in the Wagtail admin, as steps shared by the browser journeys.

Selectors follow the English admin (see the `english_admin` fixture): authors have "Send to
<their coach>" first (it opens the send dialog with the note); Wagtail 8 puts the review
actions of a dashboard row under its "Actions" dropdown; actions that take a comment open a
modal first.
"""

import re

from playwright.sync_api import expect


def body_editor(page):
    """The first rich-text paragraph of the story body (Draftail)."""
    return page.locator(".Draftail-Editor [contenteditable=true]").first


def write_story(page, title, teaser, text):
    """From the dashboard: start a new story and fill in title, teaser and its first paragraph
    (a new story opens with the title focused and one empty paragraph)."""
    page.get_by_role("link", name="Write a story").click()
    expect(page.locator("#id_title")).to_be_focused()
    page.fill("#id_title", title)
    page.fill("#id_teaser", teaser)
    # The slug is filled from the title when the title loses focus.
    page.locator("#id_title").blur()
    editor = body_editor(page)
    editor.click()
    editor.press_sequentially(text)
    expect(editor).to_have_text(text)
    wait_for_body_input(page, text)


def replace_body_text(page, text):
    """Select all of the first paragraph and type `text` over it."""
    editor = body_editor(page)
    editor.click()
    editor.press("ControlOrMeta+a")
    editor.press_sequentially(text)
    expect(editor).to_have_text(text)
    wait_for_body_input(page, text)


def wait_for_body_input(page, text):
    # Draftail copies its content into a hidden input on change; submit only once it has.
    expect(page.locator('input[name="body-0-value"]')).to_have_value(
        re.compile(re.escape(text[:20]))
    )


def submit_to_coach(page, note=""):
    """Press "Send to <coach>", write the note in the dialog, confirm; wait for the message."""
    page.get_by_role("button", name=re.compile(r"^Send to ")).click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    if note:
        dialog.locator("textarea[name=coach_note]").fill(note)
    dialog.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator(".messages .success")).to_contain_text("has your story")


def review_row(page, title):
    """The story's row in the dashboard's "Awaiting your review" panel."""
    page.goto("/admin/")
    row = page.locator("tr[data-awaiting-review]", has_text=title)
    expect(row).to_be_visible()
    return row


def approve_from_dashboard(page, title):
    row = review_row(page, title)
    row.get_by_role("button", name="Actions").click()
    with page.expect_navigation():
        # The coach's step reads "Send to the editors", the editors' keeps Wagtail's "Approve".
        row.get_by_role("button", name=re.compile(r"^(Send to the editors|Approve)$")).click()


def request_changes_from_dashboard(page, title, comment):
    """The coach's Actions > Ask for changes opens Wagtail's modal with a comment box; send it."""
    row = review_row(page, title)
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Ask for changes").click()
    modal = page.locator(".modal")
    expect(modal.get_by_role("heading", name="Ask for changes")).to_be_visible()
    modal.get_by_label("Comment").fill(comment)
    with page.expect_navigation():
        modal.get_by_role("button", name="Ask for changes").click()
    expect(page.locator("tr[data-awaiting-review]", has_text=title)).to_have_count(0)
