"""Keep or undo the coach's changes per block (stories/review/answers.py)."""

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import PageLogEntry
from wagtail.users.models import UserProfile

from stories.models import StoryPage
from stories.review.changes import KEPT, RESTORED, coach_changes_for
from tests.factories import AuthorFactory, CoachFactory, EditorFactory
from tests.stories.review.test_changes import (
    FIRST,
    REWORDED_FIRST,
    SECOND,
    _coach_edits,
    _submitted_story,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def story(author, coach):
    """Submitted; the coach rewords "a", removes "b", adds heading "c", and asks for changes."""
    story = _submitted_story(author)
    _coach_edits(story, coach)
    story = StoryPage.objects.get(pk=story.pk)
    story.current_workflow_task_state.specific.reject(user=coach, comment="See my edits")
    return StoryPage.objects.get(pk=story.pk)


def _answer(client, story, choice, block_id=""):
    url = reverse("stories_answer_coach_change", args=[story.pk])
    return client.post(url, {"choice": choice, "block_id": block_id})


def _texts(story):
    latest = StoryPage.objects.get(pk=story.pk).get_latest_revision_as_object()
    return [(block.id, block.block_type, str(block.value)) for block in latest.body]


def test_restore_mine_brings_back_the_authors_paragraph_in_a_new_revision(client, author, story):
    client.force_login(author)
    revisions = story.revisions.count()
    response = _answer(client, story, "restore", "a")
    assert response.status_code == 302
    assert story.revisions.count() == revisions + 1
    assert StoryPage.objects.get(pk=story.pk).latest_revision.user == author
    body = _texts(story)
    assert body[0][0] == "a" and FIRST in body[0][2]
    entry = PageLogEntry.objects.get(page=story, action=RESTORED)
    assert entry.data == {"block_id": "a", "block_type": "paragraph"}
    [reworded] = [b for b in coach_changes_for([story.pk])[story.pk].blocks if b.block_id == "a"]
    assert reworded.restored


def test_restore_a_removed_and_an_added_block(client, author, story):
    client.force_login(author)
    _answer(client, story, "restore", "b")
    _answer(client, story, "restore", "c")
    ids = [block_id for block_id, _type, _text in _texts(story)]
    assert ids == ["a", "b"]
    assert SECOND in _texts(story)[1][2]


def test_keep_the_coachs_version_and_keep_all(client, author, story):
    client.force_login(author)
    _answer(client, story, "keep", "a")
    assert REWORDED_FIRST in _texts(story)[0][2]
    assert PageLogEntry.objects.filter(page=story, action=KEPT).count() == 1
    _answer(client, story, "keep_all")
    changes = coach_changes_for([story.pk])[story.pk]
    assert all(block.kept for block in changes.blocks)
    assert PageLogEntry.objects.filter(page=story, action=KEPT).count() == 3


def test_the_author_answers_from_the_editor_and_the_coach_sees_restored_by_anna(
    client, author, coach, story
):
    for user in (author, coach):
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "en"
        profile.save()
    client.force_login(author)
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).content.decode()
    assert f"Keep {coach.first_name}’s version" in editor
    assert "Restore mine" in editor and "Keep all" in editor
    _answer(client, story, "restore", "a")
    story = StoryPage.objects.get(pk=story.pk)
    # Sent again: the stalled run ends and a new one starts at the coach.
    story.current_workflow_state.cancel(user=author)
    story.get_workflow().start(StoryPage.objects.get(pk=story.pk), author)

    client.force_login(coach)
    page = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).content.decode()
    assert f"Paragraph: restored by {author.first_name}" in page


@pytest.mark.parametrize("who", ["coach", "other_author", "other_coach", "editor"])
def test_only_the_stories_authors_may_answer(client, author, coach, story, who):
    user = {
        "coach": coach,
        "other_author": AuthorFactory(profile__coach=coach),
        "other_coach": CoachFactory(),
        "editor": EditorFactory(),
    }[who]
    client.force_login(user)
    revisions = story.revisions.count()
    # The admin turns the refusal into its "no permission" redirect to the dashboard; those
    # who may not see the draft at all get a 404 (stories/admin_privacy.py).
    response = _answer(client, story, "restore", "a")
    if who in ("coach", "editor"):
        assert (response.status_code, response.url) == (302, reverse("wagtailadmin_home"))
    else:
        assert response.status_code == 404
    assert not PageLogEntry.objects.filter(page=story, action=RESTORED).exists()
    assert story.revisions.count() == revisions


def test_no_answers_while_the_coach_reviews(client, author, coach):
    story = _submitted_story(author)
    _coach_edits(story, coach)
    client.force_login(author)
    revisions = story.revisions.count()
    response = _answer(client, story, "restore", "a")
    assert (response.status_code, response.url) == (302, reverse("wagtailadmin_home"))
    assert story.revisions.count() == revisions


def test_an_unknown_block_or_choice_is_refused_with_a_message(client, author, story):
    client.force_login(author)
    revisions = story.revisions.count()
    for choice, block_id in (("restore", "nope"), ("shred", "a")):
        response = _answer(client, story, choice, block_id)
        assert response.status_code == 302
    assert story.revisions.count() == revisions
