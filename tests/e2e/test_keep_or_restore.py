"""Journey: the coach reworded two paragraphs and asked for changes; the author keeps one
change and restores the other in two clicks on the dashboard, sends the story again, and the
coach reads "restored by" at the next review."""

import pytest
from playwright.sync_api import expect
from wagtail.blocks import StreamValue

from stories.models import StoryPage
from tests.e2e.admin_steps import submit_to_coach
from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "Two paragraphs, two answers"


def _body(page, first, second):
    raw = [
        {"type": "paragraph", "value": f"<p>{first}</p>", "id": "one"},
        {"type": "paragraph", "value": f"<p>{second}</p>", "id": "two"},
    ]
    page.body = StreamValue(page.body.stream_block, raw, is_lazy=True)


def _story_back_with_coach_edits(author, coach):
    story = StoryPageFactory(owner=author, live=False, title=TITLE)
    _body(story, "The line stopped at night.", "We fixed it by morning.")
    story.save_revision(user=author)
    story.get_workflow().start(story, author)
    story = StoryPage.objects.get(pk=story.pk)
    _body(story, "At 2 a.m. the line stopped.", "By six it ran again.")
    story.save_revision(user=coach)
    story = StoryPage.objects.get(pk=story.pk)
    story.current_workflow_task_state.specific.reject(user=coach, comment="See my edits")
    return StoryPage.objects.get(pk=story.pk)


def test_author_keeps_one_change_restores_the_other_and_the_coach_sees_it(
    new_page, login, english_admin, author, coach
):
    story = _story_back_with_coach_edits(author, coach)
    page = new_page()
    login(page, "author")
    summary = page.locator(f'[data-change-summary="{story.pk}"]')
    first, second = (
        summary.locator('[data-block-id="one"]'),
        summary.locator('[data-block-id="two"]'),
    )
    with page.expect_navigation():
        first.get_by_role("button", name=f"Keep {coach.first_name}’s version").click()
    expect(first.locator('[data-answer="kept"]')).to_be_visible()
    with page.expect_navigation():
        second.get_by_role("button", name="Restore mine").click()
    expect(second.locator('[data-answer="restored"]')).to_be_visible()

    latest = StoryPage.objects.get(pk=story.pk).get_latest_revision_as_object()
    assert [str(block.value) for block in latest.body] == [
        "<p>At 2 a.m. the line stopped.</p>",
        "<p>We fixed it by morning.</p>",
    ]

    page.goto(f"/admin/pages/{story.pk}/edit/")
    submit_to_coach(page, note="Kept one, restored one.")

    coach_page = new_page()
    login(coach_page, "coach")
    coach_page.goto(f"/admin/pages/{story.pk}/edit/")
    expect(coach_page.locator("[data-restored]")).to_contain_text(
        f"Paragraph: restored by {author.first_name}"
    )
