"""Who gets which email in the review workflow (stories/review/notifications.py)."""

import pytest
from django.core import mail
from wagtail.users.models import UserProfile

from stories.models import StoryPage
from tests.factories import AuthorFactory, CoachFactory, EditorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bystanders(db):
    """People who must never get a story's mail: other coach, other author, a superuser."""
    return [
        CoachFactory(username="other_coach"),
        AuthorFactory(username="other_author"),
        UserFactory(username="root", is_superuser=True),
    ]


def _recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_submission_mails_only_the_assigned_coach_with_the_note(
    driver, author, coach, editor, draft, bystanders
):
    driver.login(author)
    driver.submit(draft, note="Is the ending too abrupt?")
    assert _recipients() == [coach.email]
    message = mail.outbox[0]
    assert "Is the ending too abrupt?" in message.body
    assert f"/admin/pages/{draft.pk}/edit/" in message.body


def test_submission_without_a_coach_mails_the_coaches_group(driver, coach, bystanders):
    from tests.factories import StoryPageFactory

    lonely = AuthorFactory()
    story = StoryPageFactory(owner=lonely, live=False)
    driver.login(lonely)
    driver.submit(story)
    assert _recipients() == sorted([coach.email, bystanders[0].email])


def test_coach_approval_mails_the_authors_and_the_editors(
    driver, author, author2, coach, editor, bystanders
):
    from tests.factories import StoryPageFactory

    story = StoryPageFactory(owner=author, live=False, co_authors=[author2.author_profile])
    # Started directly: the test form data would drop the co-author inline.
    story.get_workflow().start(story, author)
    mail.outbox.clear()
    driver.login(coach)
    driver.act(story, "approve", comment="Lovely")
    assert _recipients() == sorted([author.email, author2.email, editor.email])
    to_author = next(m for m in mail.outbox if author.email in m.to)
    assert "Lovely" in to_author.body


def test_changes_requested_mail_goes_to_the_authors_with_the_comment(
    driver, author, author2, coach, editor, bystanders
):
    from tests.factories import StoryPageFactory

    story = StoryPageFactory(owner=author, live=False, co_authors=[author2.author_profile])
    # The co-author submits: the owner-author must hear about the review all the same.
    story.get_workflow().start(story, author2)
    mail.outbox.clear()
    driver.login(coach)
    driver.act(story, "reject", comment="Cut the second paragraph")
    assert _recipients() == sorted([author.email, author2.email])
    assert all("Cut the second paragraph" in m.body for m in mail.outbox)


def test_publication_mails_the_authors(driver, author, coach, editor, draft, bystanders):
    profile = UserProfile.get_for_user(author)
    profile.preferred_language = "en"  # the subject is checked in English below
    profile.save()
    driver.login(author)
    driver.submit(draft)
    driver.login(coach)
    driver.act(draft, "approve")
    mail.outbox.clear()
    driver.login(editor)
    driver.act(draft, "approve")
    assert _recipients() == [author.email, author.email]  # step approved + live
    live_url = StoryPage.objects.get(pk=draft.pk).full_url
    assert any(live_url in message.body for message in mail.outbox)


def test_notification_preferences_are_respected(driver, author, coach, draft):
    profile = UserProfile.get_for_user(coach)
    profile.submitted_notifications = False
    profile.save()
    driver.login(author)
    driver.submit(draft)
    assert mail.outbox == []


def test_mail_is_in_the_recipients_language(driver, author, coach, draft):
    profile = UserProfile.get_for_user(coach)
    profile.preferred_language = "en"
    profile.save()
    driver.login(author)
    driver.submit(draft, note="n")
    assert mail.outbox[0].subject.startswith("Please review the story")


def test_editor_is_not_mailed_at_submission(driver, author, coach, draft):
    EditorFactory()
    driver.login(author)
    driver.submit(draft)
    assert _recipients() == [coach.email]


def _live_mails():
    return [m for m in mail.outbox if "has been published" in m.body]


def test_a_scheduled_story_mails_its_authors_when_it_goes_live_with_the_link(
    driver, author, coach, editor, draft
):
    import datetime

    import time_machine
    from django.core.management import call_command

    from tests.stories.conftest import schedule_through_review

    profile = UserProfile.get_for_user(author)
    profile.preferred_language = "en"  # the mail's text is checked in English below
    profile.save()
    go_live = schedule_through_review(driver, draft, author, coach, editor)
    assert not StoryPage.objects.get(pk=draft.pk).live
    assert _live_mails() == []  # approved and scheduled, not live yet

    with time_machine.travel(go_live + datetime.timedelta(minutes=1)):
        call_command("publish_scheduled")
    story = StoryPage.objects.get(pk=draft.pk)
    assert story.live
    [live_mail] = _live_mails()
    assert live_mail.to == [author.email]
    assert story.full_url.startswith("http")
    assert story.full_url in live_mail.body
