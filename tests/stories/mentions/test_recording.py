"""Mentions in comments saved through the page editor: recorded, mailed once, or refused."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import Comment, CommentReply
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from stories.mentions.models import Mention
from tests.factories import CommentFactory
from tests.stories.conftest import story_form_data

pytestmark = pytest.mark.django_db


def _comment(text, **fields):
    return {
        "text": text,
        "contentpath": "title",
        "position": "",
        "replies": inline_formset([]),
        **fields,
    }


def _save(client, user, story, comments):
    """Save the story's draft in the editor as `user`, with the comments formset given.

    Comments with an `id` are the existing ones (they come first, as in the editor)."""
    client.force_login(user)
    initial = sum(1 for comment in comments if comment.get("id"))
    formset = inline_formset(comments, initial=initial)
    data = story_form_data(story) | nested_form_data({"comments": formset})
    return client.post(reverse("wagtailadmin_pages:edit", args=[story.pk]), data)


def test_a_mention_in_a_new_comment_is_recorded_and_mailed_once(
    client, cast, django_capture_on_commit_callbacks
):
    story, coach, author = cast["story"], cast["coach"], cast["author"]
    with django_capture_on_commit_callbacks(execute=True):
        response = _save(client, coach, story, [_comment("@anna berg, start with the scanner?")])
    assert response.status_code == 302
    mention = Mention.objects.get()
    assert (mention.person, mention.mentioned_by, mention.reply) == (author, coach, None)
    assert mention.seen_at is None
    assert [message.to for message in mail.outbox] == [[author.email]]
    message = mail.outbox[0]
    assert "Clara Weiss" in message.subject and "Anna's draft" in message.subject
    edit_url = reverse("wagtailadmin_pages:edit", args=[story.pk])
    assert f"{edit_url}?comment={mention.comment_id}" in message.body
    assert message.body.count("http") == 1 and "start with the scanner" in message.body

    # Saving the story again (the comment unchanged) mails nobody again.
    comment = Comment.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        _save(client, coach, story, [_comment(comment.text, id=comment.pk)])
    assert len(mail.outbox) == 1, [(m.subject, m.to) for m in mail.outbox]
    assert Mention.objects.count() == 1


def test_each_person_mentioned_gets_one_mail_in_their_language(
    client, cast, django_capture_on_commit_callbacks
):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(cast["editor"])
    profile.preferred_language = "de"
    profile.save()
    text = "@Anna Berg and @Erik Lund, see this. @Anna Berg again."
    with django_capture_on_commit_callbacks(execute=True):
        _save(client, cast["coach"], cast["story"], [_comment(text)])
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [cast["author"].email, cast["editor"].email]
    )
    german = next(m for m in mail.outbox if m.to == [cast["editor"].email])
    assert "erwähnt" in german.subject


def test_a_mention_in_a_reply_is_recorded_against_the_reply(
    client, cast, django_capture_on_commit_callbacks
):
    story = cast["story"]
    comment = CommentFactory(page=story, user=cast["author"], text="Is the intro too long?")
    reply = {"text": "Yes, @Anna Berg: cut the first line.", "id": ""}
    with django_capture_on_commit_callbacks(execute=True):
        response = _save(
            client,
            cast["coach"],
            story,
            [_comment(comment.text, id=comment.pk, replies=inline_formset([reply]))],
        )
    assert response.status_code == 302
    mention = Mention.objects.get()
    assert mention.reply == CommentReply.objects.get() and mention.comment == comment
    # (Wagtail's own mail about the reply to the comment's writer goes out too.)
    ours = [m for m in mail.outbox if f"?comment={comment.pk}" in m.body]
    assert len(ours) == 1 and ours[0].to == [cast["author"].email]


def test_a_mention_of_someone_without_access_is_refused_and_nothing_is_lost(
    client, cast, django_capture_on_commit_callbacks
):
    text = "@Olga Brandt, could you check this?"
    with django_capture_on_commit_callbacks(execute=True):
        response = _save(client, cast["coach"], cast["story"], [_comment(text)])
    assert response.status_code == 200
    page = response.content.decode()
    assert "Olga Brandt cannot open this story" in page or "Olga Brandt kann" in page
    # The comment comes back as typed, for the coach to fix; nothing was stored or sent.
    assert "could you check this?" in page
    assert not Comment.objects.exists() and not Mention.objects.exists()
    assert mail.outbox == []


def test_an_at_sign_that_names_nobody_is_plain_text(
    client, cast, django_capture_on_commit_callbacks
):
    text = "Write to team@example.com, or @nobody at all."
    with django_capture_on_commit_callbacks(execute=True):
        response = _save(client, cast["coach"], cast["story"], [_comment(text)])
    assert response.status_code == 302
    assert Comment.objects.get().text == text
    assert not Mention.objects.exists() and mail.outbox == []


def test_a_mention_edited_out_of_a_comment_is_removed(
    client, cast, django_capture_on_commit_callbacks
):
    story = cast["story"]
    with django_capture_on_commit_callbacks(execute=True):
        _save(client, cast["coach"], story, [_comment("@Anna Berg look")])
    comment = Comment.objects.get()
    _save(client, cast["coach"], story, [_comment("Never mind", id=comment.pk)])
    assert not Mention.objects.exists()


def test_a_refused_mention_in_a_reply_saves_nothing(client, cast):
    story = cast["story"]
    comment = CommentFactory(page=story, user=cast["author"], text="Is the intro too long?")
    reply = {"text": "Ask @Otto Klein", "id": ""}
    response = _save(
        client,
        cast["coach"],
        story,
        [_comment(comment.text, id=comment.pk, replies=inline_formset([reply]))],
    )
    assert response.status_code == 200
    assert "Otto Klein" in response.content.decode()
    assert not CommentReply.objects.exists() and not Mention.objects.exists()
