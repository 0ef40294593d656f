"""Nothing never-live goes out without both review steps (stories/permissions.py)."""

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry

from stories.models import StoryPage
from tests.factories import StoryPageFactory
from tests.stories.conftest import schedule_through_review, story_form_data

pytestmark = pytest.mark.django_db


def _live(page):
    return StoryPage.objects.get(pk=page.pk).live


@pytest.mark.parametrize("role", ["author", "coach", "editor"])
def test_publish_button_post_cannot_publish_a_never_live_story(request, driver, role, draft):
    driver.login(request.getfixturevalue(role))
    driver.edit(draft, "action-publish")
    assert not _live(draft)


def test_publish_button_is_not_offered_to_editors_for_a_never_live_story(client, editor, draft):
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk])).content.decode()
    assert 'name="action-publish"' not in html


@pytest.mark.parametrize("role", ["author", "editor"])
def test_bulk_publish_cannot_publish_a_never_live_story(request, client, role, draft):
    client.force_login(request.getfixturevalue(role))
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    client.post(f"{url}?id={draft.pk}")
    assert not _live(draft)


def test_editor_cannot_create_and_publish_a_story_in_one_go(driver, editor):
    driver.login(editor)
    driver.create(action="action-publish", title="Straight out")
    story = StoryPage.objects.get(title="Straight out")
    assert not story.live


def test_editor_publishes_a_correction_to_a_live_story_and_it_is_logged(client, author, editor):
    story = StoryPageFactory(owner=author, title="Live story")
    client.force_login(editor)
    post = story_form_data(story, text="Corrected typo")
    post["action-publish"] = "1"
    client.post(reverse("wagtailadmin_pages:edit", args=[story.pk]), post)
    story = StoryPage.objects.get(pk=story.pk)
    assert "Corrected typo" in str(story.body)
    entry = PageLogEntry.objects.get(page=story, action="stories.correction_published")
    assert entry.user == editor


def test_author_edit_of_a_live_story_stays_a_draft_until_reviewed(driver, author):
    story = StoryPageFactory(owner=author, title="Live story")
    driver.login(author)
    driver.edit(story, "action-publish", text="Sneaky change")
    story = StoryPage.objects.get(pk=story.pk)
    assert "Sneaky change" not in str(story.body)
    assert story.has_unpublished_changes
    driver.submit(story)
    assert StoryPage.objects.get(pk=story.pk).current_workflow_task.name == "Coach review"


def test_workflow_approval_by_an_editor_publishes_the_story(driver, author, coach, editor, draft):
    driver.login(author)
    driver.submit(draft)
    driver.login(coach)
    driver.act(draft, "approve")
    assert not _live(draft)
    driver.login(editor)
    driver.act(draft, "approve")
    assert _live(draft)
    assert not PageLogEntry.objects.filter(action="stories.correction_published").exists()


def test_approved_story_with_go_live_date_is_scheduled_not_published(
    driver, author, coach, editor, draft
):
    schedule_through_review(driver, draft, author, coach, editor)
    story = StoryPage.objects.get(pk=draft.pk)
    assert not story.live
    assert story.get_latest_revision().approved_go_live_at is not None


def test_a_draft_saved_after_approval_cannot_be_published_directly(
    driver, author, coach, editor, draft
):
    from stories.permissions import story_may_go_live

    draft.save_revision(user=author)
    assert not story_may_go_live(StoryPage.objects.get(pk=draft.pk))
