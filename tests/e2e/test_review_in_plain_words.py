"""Journey: the review in plain words. The coach opens the story from the review queue, reads
who asks and the note, and asks for changes (a comment is required); the author reads the
comment and what the coach changed, fixes and sends it again; the coach sends it to the
editors; the editor publishes and follows the link to the live story."""

import pytest
from playwright.sync_api import expect
from wagtail.blocks import StreamValue
from wagtail.models import WorkflowState
from wagtail.users.models import UserProfile

from cms.public_address import apply_site_url
from stories.models import Audience, CoachReviewTaskState, StoryPage
from tests.e2e.admin_steps import replace_body_text, submit_to_coach
from tests.e2e.test_accessibility import axe_problems
from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "The parcel that went round twice"
FIRST_DRAFT = "It was a parcel. It went round twice, I think."
COACH_EDIT = "On Monday a parcel went round twice."
FIXED = "On Monday the same parcel passed our scanner twice, and that is how we found the loop."
NOTE = "Is the ending clear enough?"
COMMENT = "Say which scanner, and when."


def _submitted_story(author):
    story = StoryPageFactory(owner=author, live=False, title=TITLE, audience=Audience.PUBLIC)
    raw = [{"type": "paragraph", "value": f"<p>{FIRST_DRAFT}</p>", "id": "first"}]
    story.body = StreamValue(story.body.stream_block, raw, is_lazy=True)
    story.save_revision(user=author)
    story.get_workflow().start(story, author)
    CoachReviewTaskState.objects.filter(workflow_state__object_id=str(story.pk)).update(note=NOTE)
    return story


def _language(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


def _open_from_queue(page, title):
    page.goto("/admin/")
    row = page.locator("tr[data-awaiting-review]", has_text=title)
    row.get_by_role("link", name=title).click()
    expect(page.locator("[data-review-header]")).to_be_visible()


def _dialog_has_focus(page, dialog_id):
    return page.evaluate(f"document.activeElement.closest('#{dialog_id}') !== null")


def test_review_in_plain_words_from_coach_to_live_story(
    new_page, login, english_admin, live_server, author, coach, editor
):
    apply_site_url(live_server.url)  # the story's link points at the site being served
    story = _submitted_story(author)
    coach_page = new_page()
    login(coach_page, "coach")
    _coach_asks_for_changes(coach_page, author, coach)
    _author_reads_and_fixes(new_page, login, story)
    _coach_sends_to_the_editors(coach_page, author, story)
    _editor_publishes_and_reads_it_live(new_page, login, author, story, live_server.url)


def _coach_asks_for_changes(page, author, coach):
    # One look in German: the header and the buttons speak the coach's language.
    _language(coach, "de")
    _open_from_queue(page, TITLE)
    header = page.locator("[data-review-header]")
    expect(header).to_contain_text(f"{author.get_full_name()} bittet um Ihre Rückmeldung")
    expect(header.get_by_role("button", name="An die Redaktion schicken")).to_be_visible()
    expect(
        header.get_by_role("button", name=f"{author.first_name} um Änderungen bitten")
    ).to_be_visible()
    _language(coach, "en")
    page.reload()

    expect(header).to_contain_text(f"{author.get_full_name()} asks for your review")
    expect(header).to_contain_text(NOTE)
    assert axe_problems(page, "[data-review-header]") == []
    ask = header.get_by_role("button", name=f"Ask {author.first_name} for changes")
    expect(header.get_by_role("button", name="Send to the editors")).to_be_visible()
    replace_body_text(page, COACH_EDIT)

    # The dialog names who gets the story next, holds the focus, and Escape gives it back.
    ask.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("#review-decision-reject")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(f"{author.get_full_name()} gets the story back")
    assert _dialog_has_focus(page, "review-decision-reject")
    assert axe_problems(page, "#review-decision-reject") == []
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert _dialog_has_focus(page, "review-decision-reject")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(ask).to_be_focused()

    # Without a comment the request is refused (the edit is kept as a draft).
    ask.click()
    confirm = dialog.get_by_role("button", name=f"Ask {author.first_name} for changes")
    confirm.click()
    expect(page.locator(".messages")).to_contain_text(f"what {author.first_name} should change")
    ask.click()
    dialog.get_by_label("What should change? (required)").fill(COMMENT)
    with page.expect_navigation():
        confirm.click()
    expect(page.locator(".messages")).to_contain_text(
        f"{author.get_full_name()} has your comment and gets “{TITLE}” back."
    )


def _author_reads_and_fixes(new_page, login, story):
    page = new_page()
    login(page, "author")
    expect(page.locator(f'tr[data-my-story="{story.pk}"]')).to_contain_text(COMMENT)
    summary = page.locator(f'[data-change-summary="{story.pk}"]')
    expect(summary.locator('[data-change="reworded"]')).to_contain_text("Paragraph reworded")
    expect(summary.locator("ins").first).to_contain_text("On Monday")
    expect(summary.locator("del").first).to_contain_text("It was")
    assert axe_problems(page, f'[data-change-summary="{story.pk}"]') == []

    page.goto(f"/admin/pages/{story.pk}/edit/")
    expect(page.locator(".messages")).to_contain_text(COMMENT)
    expect(page.locator("[data-coach-changes]")).to_contain_text("changed")
    replace_body_text(page, FIXED)
    submit_to_coach(page, note="Named the scanner.")


def _coach_sends_to_the_editors(page, author, story):
    _open_from_queue(page, TITLE)
    header = page.locator("[data-review-header]")
    expect(header).to_contain_text("Named the scanner.")
    header.get_by_role("button", name="Send to the editors").click()
    dialog = page.locator("#review-decision-approve")
    expect(dialog).to_contain_text("The editors get the story next")
    with page.expect_navigation():
        dialog.get_by_role("button", name="Send to the editors").click()
    expect(page.locator(".messages")).to_contain_text(f"“{TITLE}” is with the editors now.")
    story = StoryPage.objects.get(pk=story.pk)
    assert story.current_workflow_task.name == "Editorial review"


def _editor_publishes_and_reads_it_live(new_page, login, author, story, site_url):
    page = new_page()
    login(page, "editor")
    _open_from_queue(page, TITLE)
    header = page.locator("[data-review-header]")
    expect(header).to_contain_text(f"{author.get_full_name()}’s story is ready for your decision")
    for label in ("Schedule", "Ask for changes"):
        expect(header.get_by_role("button", name=label)).to_be_visible()
    header.get_by_role("button", name="Publish now").click()
    dialog = page.locator("#review-decision-approve")
    expect(dialog).to_contain_text("Readers can read the story as soon as you confirm.")
    with page.expect_navigation():
        dialog.get_by_role("button", name="Publish now").click()
    expect(page.locator(".messages")).to_contain_text(f"“{TITLE}” is published.")
    story = StoryPage.objects.get(pk=story.pk)
    assert story.live and story.current_workflow_state is None
    assert not WorkflowState.objects.active().filter(object_id=str(story.pk)).exists()

    link = page.get_by_role("link", name="Read the live story")
    # An absolute link on the site (in the editor's language: /en/ for English).
    href = link.get_attribute("href")
    assert href.startswith(site_url + "/") and href.endswith(story.url_path[len("/home") :])
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text(FIXED)).to_be_visible()
