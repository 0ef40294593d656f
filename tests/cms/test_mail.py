"""Every mail is written in its recipient's language (cms/mail.py), in text and HTML.

The site default is German; a recipient who chose English reads English whatever language
the request or command that sent the mail was running in, and one who never chose reads
the site's default.
"""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation
from wagtail.users.models import UserProfile

from authors.invitations import send_invitation
from cms.mail import absolute_url, send_to_user
from tests.factories import (
    AuthorFactory,
    CoachFactory,
    EditorFactory,
    InvitationFactory,
    PitchFactory,
    StoryPageFactory,
    UserFactory,
)
from tests.stories.conftest import WorkflowDriver

pytestmark = pytest.mark.django_db

# (template, a piece of the English subject, the same piece in German)
MAIL_KINDS = [
    ("stories/review/notifications/coach_review_requested", "Please review", "Bitte prüfen"),
    ("stories/review/notifications/coach_review_handed_over", "handed over", "übergeben"),
    ("stories/review/notifications/coach_review_fallback", "needs a new coach", "neuen Coach"),
    ("stories/review/notifications/editorial_review_requested", "editorial", "redaktionelle"),
    ("stories/review/notifications/step_approved", "passed the step", "bestanden"),
    ("stories/review/notifications/changes_requested", "Changes requested", "Änderungen"),
    ("stories/review/notifications/story_published", "is live", "ist online"),
    ("stories/pitches/emails/pitch_new", "New story pitch", "Neuer Themenvorschlag"),
    ("stories/pitches/emails/pitch_accepted", "was accepted", "wurde angenommen"),
    ("stories/pitches/emails/pitch_declined", "About your story pitch", "Zu Ihrem Themenvorschlag"),
    ("stories/pitches/emails/pitch_interview", "Please interview", "Gespräch"),
    ("stories/review/emails/review_reminder", "Waiting for your review", "Wartet auf Ihre Prüfung"),
    ("stories/readership/email/milestone", "readers in total", "insgesamt mehr als"),
    ("stories/readership/email/digest", "last week", "letzte Woche"),
    ("authors/emails/invitation", "You are invited", "Sie sind eingeladen"),
]


def _with_language(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


@pytest.fixture
def context(db):
    story = StoryPageFactory(title="Night shift")
    edit_url = absolute_url(f"/admin/pages/{story.pk}/edit/")
    return {
        "story": story,
        "pitch": PitchFactory(),
        "invitation": InvitationFactory(),
        "link": absolute_url("/invitation/token/"),
        "edit_url": edit_url,
        "triage_url": edit_url,
        "live_url": story.full_url,
        "author_name": "Ada",
        "actor": UserFactory(),
        "days": 4,
        "threshold": 100,
        "total": 120,
        "readers": 5,
        "previous": 4,
        "base_url": absolute_url(""),
    }


@pytest.mark.parametrize(("template", "english", "german"), MAIL_KINDS)
def test_every_mail_kind_reads_in_an_english_and_a_german_recipients_language(
    context, template, english, german
):
    to_english = _with_language(UserFactory(), "en")
    to_german = _with_language(UserFactory(), "de")
    # The sender's own language must not leak into anybody's mail.
    with translation.override("de"):
        assert send_to_user(to_english, template, context)
    with translation.override("en"):
        assert send_to_user(to_german, template, context)
    in_english, in_german = mail.outbox
    assert english in in_english.subject and german not in in_english.subject
    assert german in in_german.subject and english not in in_german.subject
    for message in mail.outbox:
        html, mimetype = message.alternatives[0]
        assert mimetype == "text/html"
        # Links are absolute (the declined-pitch mail has none), and clickable in HTML.
        assert not re.search(r"(^|\s)/\w", message.body)
        if "http://testserver/" in message.body:
            assert 'href="http://testserver/' in html


def test_a_recipient_who_never_chose_a_language_reads_the_sites_default(context):
    never_chose = UserFactory()
    with translation.override("en"):
        send_to_user(never_chose, "stories/review/emails/review_reminder", context)
    assert mail.outbox[0].subject.startswith("Wartet auf Ihre Prüfung")


def test_users_without_an_address_or_account_get_no_mail(context):
    reminder = "stories/review/emails/review_reminder"
    assert not send_to_user(UserFactory(email=""), reminder, context)
    assert not send_to_user(UserFactory(is_active=False), reminder, context)
    assert mail.outbox == []


@pytest.fixture
def review_workflow(db):
    from wagtail.models import Workflow

    return Workflow.objects.get(name="Story review")


def test_overdue_review_reminder_reaches_an_english_coach_in_english(review_workflow):
    # The bug: the reminder went out in the site's German to a coach who chose English.
    coach = _with_language(CoachFactory(), "en")
    author = AuthorFactory(profile__coach=coach)
    story = StoryPageFactory(owner=author, live=False, title="Overdue story")
    review_workflow.start(story, author)
    mail.outbox.clear()
    later = timezone.now() + datetime.timedelta(days=30)
    with time_machine.travel(later, tick=False):
        call_command("send_review_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [message.to for message in mail.outbox] == [[coach.email]]
    assert mail.outbox[0].subject == "Waiting for your review: Overdue story"


def test_workflow_mail_to_a_coach_who_never_chose_ignores_the_authors_language(
    client, review_workflow
):
    driver = WorkflowDriver(client)
    # Wagtail's notifier fell back to the language of the request that sent the mail.
    coach = CoachFactory()
    author = _with_language(AuthorFactory(profile__coach=coach), "en")
    story = StoryPageFactory(owner=author, live=False, title="Draft")
    driver.login(author)
    driver.submit(story)
    assert [message.to for message in mail.outbox] == [[coach.email]]
    assert mail.outbox[0].subject.startswith("Bitte prüfen Sie")


def test_new_pitch_mail_reaches_each_editor_in_their_language():
    from stories.pitches.triage import notify_editors_of_pitch

    english = _with_language(EditorFactory(), "en")
    german = EditorFactory()
    notify_editors_of_pitch(PitchFactory(working_title="Parcels"))
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {
        english.email: "New story pitch: Parcels",
        german.email: "Neuer Themenvorschlag: Parcels",
    }


@pytest.mark.parametrize(
    ("inviter_language", "subject"),
    [("en", "You are invited to write for Storywerk"), ("", "Sie sind eingeladen")],
)
def test_invitation_is_written_in_the_inviters_language_or_the_sites(
    django_capture_on_commit_callbacks, inviter_language, subject
):
    editor = _with_language(EditorFactory(), inviter_language)
    invitation = InvitationFactory.build(email="new@example.com")
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        send_invitation(invitation, editor)
    assert mail.outbox[0].to == ["new@example.com"]
    assert mail.outbox[0].subject.startswith(subject)
