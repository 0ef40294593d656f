"""Nothing the coach did not see goes live: the review cannot be bypassed by a revert.

The scenario: the coach approves an *internal* story; while it waits, locked, in the editors'
step, its author reverts (admin API) to an older *public* revision with another text. The
editor's approval must publish what the coach approved, never the author's revert.
"""

import pytest
from django.core import mail
from wagtail.models import WorkflowState

from stories.models import Audience, StoryPage

pytestmark = pytest.mark.django_db


def _api_action(client, page, action, **data):
    return client.post(
        f"/admin/api/main/pages/{page.pk}/action/{action}/",
        data,
        content_type="application/json",
    )


def _story(page):
    return StoryPage.objects.get(pk=page.pk)


def _approved_by_coach_and_editor(driver, coach, editor, page):
    """Both steps approve; the story as it is afterwards."""
    driver.login(coach)
    driver.act(page, "approve")
    driver.login(editor)
    driver.act(page, "approve")
    return _story(page)


@pytest.fixture
def in_editorial_step(driver, author, coach, draft):
    """A story whose internal, coach-approved text waits in the editors' step.

    Its first revision (public, "Unreviewed public text") is still in the history.
    """
    driver.login(author)
    driver.edit(draft, text="Unreviewed public text")
    old_revision = _story(draft).get_latest_revision()
    driver.submit(draft, text="Coach-approved internal text", audience=Audience.INTERNAL)
    driver.login(coach)
    assert driver.act(draft, "approve").status_code == 302
    assert _story(draft).current_workflow_task.name == "Editorial review"
    return old_revision


def test_author_cannot_revert_a_story_waiting_for_the_editors_through_the_api(
    driver, author, editor, draft, in_editorial_step
):
    revisions_before = _story(draft).revisions.count()
    driver.login(author)
    response = _api_action(
        driver.client, draft, "revert_to_page_revision", revision_id=in_editorial_step.pk
    )
    assert response.status_code == 403
    # In the author's language (German by default).
    assert response.json()["detail"].startswith("Diese Geschichte ist in Prüfung")
    assert _story(draft).revisions.count() == revisions_before

    driver.login(editor)
    assert driver.act(draft, "approve").status_code == 302
    story = _story(draft)
    assert story.live
    assert story.audience == Audience.INTERNAL
    assert "Coach-approved internal text" in str(story.body)
    assert "Unreviewed public text" not in str(story.body)


def test_a_revision_saved_behind_the_reviewers_backs_sends_the_story_back_to_the_coach(
    driver, author, coach, editor, draft, in_editorial_step
):
    # However it got there (a route not closed yet, a script): a revision by someone who is
    # not an editor, saved after the coach approved, is not what the coach approved.
    sneaked = in_editorial_step.as_object()
    sneaked.save_revision(user=None)
    mail.outbox.clear()

    driver.login(editor)
    assert driver.act(draft, "approve").status_code == 302
    story = _story(draft)
    assert not story.live
    state = story.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == "Coach review"
    assert state.current_task_state.revision_id == story.get_latest_revision().pk
    assert coach.email in [address for message in mail.outbox for address in message.to]
    assert not any("has been published" in message.body for message in mail.outbox)

    story = _approved_by_coach_and_editor(driver, coach, editor, draft)
    assert story.live
    assert "Unreviewed public text" in str(story.body)


def test_an_editors_correction_in_the_editorial_step_is_what_goes_live(
    driver, editor, draft, in_editorial_step
):
    driver.login(editor)
    driver.edit(draft, text="Editor's corrected text", audience=Audience.INTERNAL)
    assert driver.act(draft, "approve").status_code == 302
    story = _story(draft)
    assert story.live
    assert "Editor's corrected text" in str(story.body)


def test_a_coachs_edit_in_the_coach_step_is_what_the_editors_review_and_publish(
    driver, author, coach, editor, draft
):
    driver.login(author)
    driver.submit(draft, text="First draft")
    driver.login(coach)
    response = driver.edit(draft, text="Coach tightened it")
    assert response.status_code == 302
    story = _approved_by_coach_and_editor(driver, coach, editor, draft)
    assert story.live
    assert "Coach tightened it" in str(story.body)
