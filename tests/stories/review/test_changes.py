"""What my coach changed (stories/review/changes.py): the summary, where authors read it,
and what it costs."""

import html

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.blocks import StreamValue
from wagtail.users.models import UserProfile

from stories.models import StoryPage
from stories.review.changes import ADDED, REMOVED, REWORDED, coach_changes_for, summarize
from tests.factories import AuthorFactory, CoachFactory, StoryPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


FIRST = "It was a parcel. It went round twice, I think."
SECOND = "Nobody saw the loop."
REWORDED_FIRST = "On Monday the parcel went round twice, and we found the loop."


def _body(page, blocks):
    """A body with fixed block ids, as the editor keeps them from one revision to the next."""
    raw = [
        {"type": kind, "value": f"<p>{text}</p>" if kind == "paragraph" else text, "id": block_id}
        for block_id, kind, text in blocks
    ]
    page.body = StreamValue(page.body.stream_block, raw, is_lazy=True)


def _content(title, blocks, teaser="A teaser."):
    page = StoryPage(title=title, teaser=teaser)
    _body(page, blocks)
    return {"title": title, "teaser": teaser, "body": page.body.get_prep_value()}


def _submitted_story(author, title="The parcel"):
    story = StoryPageFactory(owner=author, live=False, title=title)
    _body(story, [("a", "paragraph", FIRST), ("b", "paragraph", SECOND)])
    story.save_revision(user=author)
    story.get_workflow().start(story, author)
    return StoryPage.objects.get(pk=story.pk)


def _coach_edits(story, coach):
    _body(
        story,
        [("a", "paragraph", REWORDED_FIRST), ("c", "heading", "What we changed")],
    )
    story.save_revision(user=coach)


def test_a_reworded_paragraph_is_listed_with_its_words():
    before = _content("T", [("a", "paragraph", FIRST)])
    after = _content("T", [("a", "paragraph", REWORDED_FIRST)])
    [change] = summarize(before, after)
    assert change.kind == REWORDED
    assert change.label == "Paragraph"
    assert change.block_id == "a"
    assert "<del>" in change.words and "<ins>" in change.words
    assert "On Monday" in change.words
    assert "I think." in change.words.split("<del>", 1)[1]


def test_added_and_removed_blocks_and_a_new_title():
    before = _content("Old title", [("a", "paragraph", FIRST), ("b", "paragraph", SECOND)])
    after = _content("New title", [("a", "paragraph", FIRST), ("c", "heading", "A heading")])
    changes = summarize(before, after)
    assert [(c.kind, c.label, c.block_id) for c in changes] == [
        (REWORDED, "Title", "title"),
        (REMOVED, "Paragraph", "b"),
        (ADDED, "Heading", "c"),
    ]
    assert "Nobody saw the loop." in html.unescape(changes[1].words)


def test_every_text_is_escaped():
    before = _content("T", [("a", "paragraph", "Plain &lt;script&gt;alert(1)&lt;/script&gt;")])
    after = _content("T", [("a", "heading", '<img src=x onerror="alert(2)">')])
    [change] = summarize(before, after)
    assert "<script>" not in change.words and "<img" not in change.words
    assert "&lt;script&gt;" in change.words
    assert "&lt;img" in change.words


def test_unchanged_story_has_no_summary(author, coach):
    story = _submitted_story(author)
    assert coach_changes_for([story.pk]) == {}


def test_coach_changes_are_listed_for_the_author_own_edits_are_not(author, coach):
    story = _submitted_story(author)
    _coach_edits(story, coach)
    changes = coach_changes_for([story.pk])[story.pk]
    assert changes.changed_by == coach
    assert [(c.kind, c.block_id) for c in changes.blocks] == [
        (REWORDED, "a"),
        (REMOVED, "b"),
        (ADDED, "c"),
    ]
    # The author's later edit is theirs, not the coach's: the coach's version is compared.
    story.current_workflow_task_state.specific.reject(user=coach, comment="Over to you")
    story = StoryPage.objects.get(pk=story.pk)
    _body(story, [("a", "paragraph", "The author's own fix.")])
    story.save_revision(user=author)
    again = coach_changes_for([story.pk])[story.pk]
    assert again.current.pk == changes.current.pk


def _language(user, language="en"):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


def test_the_author_reads_the_summary_in_the_editor_and_on_the_dashboard(client, author, coach):
    _language(author)
    story = _submitted_story(author)
    _coach_edits(story, coach)
    client.force_login(author)
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).content.decode()
    assert f"What {coach.get_full_name()} changed" in editor
    assert "data-change-summary" in editor
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "What your coach changed" in dashboard
    assert 'data-change="reworded"' in dashboard
    assert "On Monday" in dashboard


def test_coach_and_other_authors_do_not_get_the_authors_summary(client, author, coach):
    _language(coach)
    story = _submitted_story(author)
    _coach_edits(story, coach)
    client.force_login(coach)
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).content.decode()
    assert "data-coach-changes" not in editor
    other_author = AuthorFactory(profile__coach=CoachFactory())
    client.force_login(other_author)
    assert "data-change-summary" not in client.get(reverse("wagtailadmin_home")).content.decode()
    response = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk]))
    assert "On Monday" not in response.content.decode()


def test_the_summary_costs_the_same_queries_for_one_story_or_five(
    author, coach, django_assert_num_queries
):
    stories = [_submitted_story(author, title=f"Story {n}") for n in range(5)]
    for story in stories:
        _coach_edits(story, coach)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert len(coach_changes_for([stories[0].pk])) == 1
    with django_assert_num_queries(len(one)):
        assert len(coach_changes_for([story.pk for story in stories])) == 5
