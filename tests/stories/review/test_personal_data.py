"""The GDPR export holds the review conversation: the author's notes to the coach, the
reviewers' comments on their stories and others' page comments addressed to them, and the
pending draft of a live story (not only its live text)."""

import json

import pytest
from django.urls import reverse
from wagtail.models import CommentReply

from stories.forms import pending_coach_note
from stories.models import CoachReviewTaskState, StoryPage
from tests.factories import CommentFactory, CommentReplyFactory, StoryPageFactory

pytestmark = pytest.mark.django_db

URL = reverse("storywerk_my_data")


def export(client, user):
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.fixture
def reviewed(author, author2, coach):
    """`author` submitted with a note; the coach asked for changes; colleagues commented."""
    story = StoryPageFactory(owner=author, live=False, title="Night shift")
    pending_coach_note.set("Please look at the ending, I am unsure.")
    story.get_workflow().start(story, author)
    state = CoachReviewTaskState.objects.get(workflow_state__object_id=str(story.pk))
    state.reject(user=coach, comment="The ending needs a quote from the night crew.")
    CommentFactory(page=story, user=coach, text="Lovely first paragraph.")
    own = CommentFactory(page=StoryPageFactory(owner=author2), user=author, text="Nice one")
    CommentReplyFactory(comment=own, user=author2, text="Thanks, glad you liked it")
    # Someone else's conversation the author has no part in.
    other = StoryPageFactory(owner=author2, live=False, title="Elsewhere")
    pending_coach_note.set("A note by someone else.")
    other.get_workflow().start(other, author2)
    return story


def test_export_holds_the_note_to_the_coach(client, author, reviewed):
    notes = export(client, author)["review"]["notes_to_coach"]
    assert [(n["story"], n["note"]) for n in notes] == [
        ("Night shift", "Please look at the ending, I am unsure.")
    ]


def test_export_holds_the_coachs_request_for_changes(client, author, reviewed):
    comments = export(client, author)["review"]["review_comments_to_you"]
    assert [(c["story"], c["outcome"], c["comment"]) for c in comments] == [
        ("Night shift", "rejected", "The ending needs a quote from the night crew.")
    ]


def test_export_holds_page_comments_and_replies_addressed_to_the_author(
    client, author, author2, reviewed
):
    data = export(client, author)
    to_you = data["review"]["comments_to_you"]
    assert [c["text"] for c in to_you["comments"]] == ["Lovely first paragraph."]
    assert [r["text"] for r in to_you["replies"]] == ["Thanks, glad you liked it"]
    raw = json.dumps(data)
    # The commenters are not named; another author's conversation is not there at all.
    assert author2.get_full_name() not in raw
    assert author2.author_profile.display_name not in raw
    assert "A note by someone else." not in raw


def test_the_coach_finds_their_own_words_in_their_own_export(client, coach, reviewed):
    data = export(client, coach)
    assert data["review"]["notes_to_coach"] == []
    assert [c["text"] for c in data["comments"]["comments"]] == ["Lovely first paragraph."]


def test_export_holds_the_pending_draft_of_a_live_story(client, author):
    story = StoryPageFactory(owner=author, title="Live title", teaser="Live teaser")
    draft = StoryPage.objects.get(pk=story.pk)
    draft.title, draft.teaser = "Draft title", "Draft teaser"
    draft.save_revision(user=author)
    exported = export(client, author)["stories"][0]
    assert exported["teaser"] == "Live teaser"
    assert exported["pending_draft"]["title"] == "Draft title"
    assert exported["pending_draft"]["teaser"] == "Draft teaser"


def test_a_story_without_pending_changes_has_no_pending_draft(client, author):
    StoryPageFactory(owner=author)
    assert export(client, author)["stories"][0]["pending_draft"] is None


def test_reply_counts_as_addressed_only_once(client, author, author2, reviewed):
    # A reply by someone else on the author's own story thread is listed once.
    comment = CommentFactory(page=reviewed, user=author, text="My question")
    CommentReplyFactory(comment=comment, user=author2, text="An answer")
    replies = export(client, author)["review"]["comments_to_you"]["replies"]
    assert [r["text"] for r in replies].count("An answer") == 1
    assert CommentReply.objects.filter(text="An answer").count() == 1
