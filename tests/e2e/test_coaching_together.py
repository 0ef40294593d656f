"""Journey through the coaching features together: the coach rewords two paragraphs and
mentions the author in a comment, then asks for changes; the author keeps one change and
restores the other in two clicks and sends the story again; the coach reads "restored by
Anna" and sends it to the editors; the editor publishes; a signed-in reader thanks the author,
who finds the thank-you on the dashboard."""

import re

import pytest
from playwright.sync_api import expect
from wagtail.blocks import StreamValue

from stories.models import StoryPage
from tests.e2e.admin_steps import submit_to_coach, wait_for_body_input
from tests.e2e.test_mentions import _open_comment_on_title, press_save_draft
from tests.factories import AuthorFactory, StoryPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "The night the line stopped"
MINE = ("The line stopped at night.", "We fixed it by morning.")
COACH = ("At 2 a.m. the line stopped.", "By six it ran again.")
THANKS = "Your story about the night shift made my week."


@pytest.fixture
def named(author, coach, editor):
    # Fixed names: a generated editor's name could also start with "An" and be suggested.
    people = ((author, "Anna", "Berg"), (coach, "Clara", "Weiss"), (editor, "Erik", "Vogel"))
    for user, first, last in people:
        user.first_name, user.last_name = first, last
        user.save()


def _sent_story(author):
    story = StoryPageFactory(owner=author, live=False, title=TITLE)
    raw = [
        {"type": "paragraph", "value": f"<p>{MINE[0]}</p>", "id": "one"},
        {"type": "paragraph", "value": f"<p>{MINE[1]}</p>", "id": "two"},
    ]
    story.body = StreamValue(story.body.stream_block, raw, is_lazy=True)
    story.save_revision(user=author)
    story.get_workflow().start(story, author)
    return StoryPage.objects.get(pk=story.pk)


def test_coach_and_author_work_together_until_a_reader_says_thanks(
    new_page, login, english_admin, named, author, coach, editor
):
    story = _sent_story(author)
    coach_page = login(new_page(), "coach")
    _coach_edits_mentions_and_asks_for_changes(coach_page, story)
    _author_keeps_one_restores_one_and_sends_again(new_page, login, story)
    _coach_sees_the_restore_and_sends_on(coach_page, story)
    _editor_publishes(new_page, login, story)
    _reader_thanks_and_author_sees_it(new_page, login, story)


def _coach_edits_mentions_and_asks_for_changes(page, story):
    page.goto(f"/admin/pages/{story.pk}/edit/")
    expect(page.locator("[data-review-header]")).to_be_visible()
    for index, text in enumerate(COACH):
        editor = page.locator(".Draftail-Editor [contenteditable=true]").nth(index)
        editor.click()
        editor.press("ControlOrMeta+a")
        editor.press_sequentially(text)
        expect(editor).to_have_text(text)
    wait_for_body_input(page, COACH[0])
    expect(page.locator('input[name="body-1-value"]')).to_have_value(re.compile(COACH[1]))

    textarea = _open_comment_on_title(page)
    textarea.press_sequentially("@an")
    listbox = page.get_by_role("listbox", name="People you can mention")
    expect(listbox.get_by_role("option")).to_have_text(["Anna Berg"])
    textarea.press("Enter")
    textarea.press_sequentially("is 2 a.m. right?")
    expect(textarea).to_have_value("@Anna Berg is 2 a.m. right?")
    page.locator(".comment__button--primary", has_text="Comment").click()
    press_save_draft(page)
    expect(page.locator(".messages .success")).to_be_visible()

    header = page.locator("[data-review-header]")
    header.get_by_role("button", name="Ask Anna for changes").click()
    dialog = page.locator("#review-decision-reject")
    dialog.get_by_label("What should change? (required)").fill("See my two edits.")
    with page.expect_navigation():
        dialog.get_by_role("button", name="Ask Anna for changes").click()
    expect(page.locator(".messages")).to_contain_text("has your comment")


def _author_keeps_one_restores_one_and_sends_again(new_page, login, story):
    page = login(new_page(), "author")
    # The mention waits in the dashboard's Mentions panel.
    expect(page.locator("tr[data-mention]")).to_contain_text("is 2 a.m. right?")
    summary = page.locator(f'[data-change-summary="{story.pk}"]')
    first, second = (
        summary.locator('[data-block-id="one"]'),
        summary.locator('[data-block-id="two"]'),
    )
    with page.expect_navigation():
        first.get_by_role("button", name="Keep Clara’s version").click()
    expect(first.locator('[data-answer="kept"]')).to_be_visible()
    with page.expect_navigation():
        second.get_by_role("button", name="Restore mine").click()
    expect(second.locator('[data-answer="restored"]')).to_be_visible()
    latest = StoryPage.objects.get(pk=story.pk).get_latest_revision_as_object()
    kept, restored = (block.value.source for block in latest.body)
    assert COACH[0] in kept and restored == f"<p>{MINE[1]}</p>"

    page.goto(f"/admin/pages/{story.pk}/edit/")
    submit_to_coach(page, note="Kept the time, restored the ending.")


def _coach_sees_the_restore_and_sends_on(page, story):
    page.goto(f"/admin/pages/{story.pk}/edit/")
    expect(page.locator("[data-restored]")).to_contain_text("Paragraph: restored by Anna")
    page.locator("[data-review-header]").get_by_role("button", name="Send to the editors").click()
    dialog = page.locator("#review-decision-approve")
    with page.expect_navigation():
        dialog.get_by_role("button", name="Send to the editors").click()
    expect(page.locator(".messages")).to_contain_text("is with the editors now.")


def _editor_publishes(new_page, login, story):
    page = login(new_page(), "editor")
    page.goto(f"/admin/pages/{story.pk}/edit/")
    page.locator("[data-review-header]").get_by_role("button", name="Publish now").click()
    dialog = page.locator("#review-decision-approve")
    with page.expect_navigation():
        dialog.get_by_role("button", name="Publish now").click()
    expect(page.locator(".messages")).to_contain_text(f"“{TITLE}” is published.")
    assert StoryPage.objects.get(pk=story.pk).live


def _reader_thanks_and_author_sees_it(new_page, login, story):
    AuthorFactory(username="reader")
    reader = login(new_page(), "reader")
    reader.goto(StoryPage.objects.get(pk=story.pk).url)
    form = reader.locator("#thanks")
    form.get_by_role("textbox").fill(THANKS)
    form.get_by_role("button").click()
    expect(reader.locator("#thanks [role=status]")).to_be_visible()

    author = login(new_page(), "author")
    panel = author.locator("section[aria-labelledby=story-thanks-heading]")
    expect(panel.get_by_text(THANKS)).to_be_visible()
