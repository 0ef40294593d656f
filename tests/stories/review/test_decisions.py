"""The review decisions in plain words on top of the editor (stories/review/decisions.py)."""

import datetime
import html
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from wagtail.models import WorkflowState
from wagtail.users.models import UserProfile

from stories.models import StoryPage
from tests.factories import CoachFactory, EditorFactory

pytestmark = pytest.mark.django_db

HEADER = "data-review-header"


def _language(language, *users):
    for user in users:
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()


def _editor_html(driver, user, page):
    driver.login(user)
    response = driver.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    return response.status_code, html.unescape(response.content.decode())


def _decide(driver, page, decision, text="Hello world", **fields):
    post = {"review-decision": decision}
    post.update({f"review-{key.replace('_', '-')}": value for key, value in fields.items()})
    return driver.edit(StoryPage.objects.get(pk=page.pk), text=text, **post)


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def _status(page):
    page = StoryPage.objects.get(pk=page.pk)
    state = page.current_workflow_state
    return page, state


@pytest.fixture
def people(author, coach, editor):
    _language("en", author, coach, editor)
    return author, coach, editor


def test_coach_reads_who_asks_the_note_and_two_decisions(driver, people, submitted):
    author, coach, _editor = people
    status, page = _editor_html(driver, coach, submitted)
    assert status == 200
    assert f"{author.get_full_name()} asks for your review" in page
    assert "Be gentle" in page
    assert "Send to the editors" in page
    assert f"Ask {author.first_name} for changes" in page
    # The dialogs name who gets the story next.
    assert "The editors get the story next" in page
    assert f"{author.get_full_name()} gets the story back with your comment" in page
    for word in ("moderation", "workflow", "task"):
        assert word not in page.split(HEADER, 1)[1].split("</section>", 1)[0].lower()


def test_author_other_coach_and_editor_get_no_decision_at_the_coach_step(driver, people, submitted):
    author, _coach, editor = people
    other_coach = CoachFactory()
    _language("en", other_coach)
    for user in (author, other_coach, editor):
        status, page = _editor_html(driver, user, submitted)
        assert HEADER not in page, user


def test_asking_for_changes_needs_a_comment(driver, people, submitted):
    _author, coach, _editor = people
    driver.login(coach)
    response = _decide(driver, submitted, "reject", comment_reject="  ")
    assert any("should change" in message for message in _messages(response))
    _page, state = _status(submitted)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS


def test_coach_asks_for_changes_with_a_comment(driver, people, submitted):
    author, coach, _editor = people
    driver.login(coach)
    response = _decide(driver, submitted, "reject", comment_reject="Start <b>with</b> the day")
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert _messages(response) == [
        f"{author.get_full_name()} has your comment and gets “{submitted.title}” back."
    ]
    _page, state = _status(submitted)
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert state.current_task_state.comment == "Start <b>with</b> the day"
    # The author reads it in the editor.
    _status_code, page = _editor_html(driver, author, submitted)
    assert "Start <b>with</b> the day" in page


def test_coach_sends_to_the_editors_then_the_editor_publishes_with_a_live_link(
    driver, people, submitted
):
    author, coach, editor = people
    driver.login(coach)
    response = _decide(driver, submitted, "approve", text="Hello world, edited by the coach")
    assert _messages(response) == [f"“{submitted.title}” is with the editors now."]
    page, state = _status(submitted)
    assert state.current_task_state.task.name == "Editorial review"
    assert "edited by the coach" in str(page.get_latest_revision_as_object().body)

    status, editor_page = _editor_html(driver, editor, submitted)
    assert f"{author.get_full_name()}’s story is ready for your decision" in editor_page
    assert "Be gentle" in editor_page
    for label in ("Publish now", "Schedule", "Ask for changes"):
        assert label in editor_page
    response = _decide(driver, submitted, "approve")
    page, state = _status(submitted)
    assert page.live and state is None
    [message] = list(get_messages(response.wsgi_request))
    assert "is published." in str(message)
    # An absolute link to the story on the public site (in the editor's language).
    assert re.search(rf'href="https?://[^"/]+(/\w\w)?{page.url_path[5:]}"', str(message))
    response = driver.client.get(response.url)
    assert "Read the live story</a>" in response.content.decode()


def test_editor_schedules_a_story_for_later(driver, people, submitted):
    _author, coach, editor = people
    driver.login(coach)
    _decide(driver, submitted, "approve")
    driver.login(editor)
    past = (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = _decide(driver, submitted, "schedule", go_live_at=past)
    assert any("time in the future" in message for message in _messages(response))
    page, state = _status(submitted)
    assert state is not None and not page.live

    driver.login(editor)  # a fresh session: the refusal's message is not read again
    later = timezone.localtime() + datetime.timedelta(days=2)
    response = _decide(driver, submitted, "schedule", go_live_at=later.strftime("%Y-%m-%dT%H:%M"))
    page, state = _status(submitted)
    assert state is None and not page.live
    assert page.scheduled_revision is not None
    assert _messages(response) == [
        f"“{submitted.title}” goes live on {later.strftime('%Y-%m-%d %H:%M')}."
    ]


def test_a_coach_cannot_schedule_nor_decide_for_another_coach(driver, people, submitted):
    _author, coach, _editor = people
    other_coach = CoachFactory()
    driver.login(other_coach)
    _decide(driver, submitted, "approve")
    _page, state = _status(submitted)
    assert state.current_task_state.task.name == "Coach review"
    assert state.status == WorkflowState.STATUS_IN_PROGRESS

    driver.login(coach)
    later = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = _decide(driver, submitted, "schedule", go_live_at=later)
    assert _messages(response) == ["Please choose a time in the future to publish the story."]
    page, state = _status(submitted)
    assert state.current_task_state.task.name == "Coach review"
    assert page.go_live_at is None


def test_editor_asks_for_changes(driver, people, submitted):
    author, coach, editor = people
    driver.login(coach)
    _decide(driver, submitted, "approve")
    driver.login(editor)
    response = _decide(driver, submitted, "reject", comment_reject="Needs a photo")
    _page, state = _status(submitted)
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert _messages(response) == [
        f"{author.get_full_name()} has your comment and gets “{submitted.title}” back."
    ]


def test_the_review_header_speaks_german(driver, author, coach, submitted):
    _language("de", coach)
    _status_code, page = _editor_html(driver, coach, submitted)
    assert f"{author.get_full_name()} bittet um Ihre Rückmeldung" in page
    assert "An die Redaktion schicken" in page
    assert f"{author.first_name} um Änderungen bitten" in page


def test_other_editor_roles_still_publish_through_the_workflow(driver, people, submitted):
    _author, coach, _editor = people
    second_editor = EditorFactory()
    driver.login(coach)
    _decide(driver, submitted, "approve")
    driver.login(second_editor)
    _decide(driver, submitted, "approve")
    page, _state = _status(submitted)
    assert page.live


FORBIDDEN_WORDS = {
    "en": ("page", "moderation", "workflow", "task"),
    "de": ("seite", "moderation", "workflow", "aufgabe", "seitentitel"),
}


def _header_text(page_html, marker):
    """The text of the review header section (tags dropped), lower case."""
    section = page_html.split(marker, 1)[1].split("</section>", 1)[0]
    return re.sub(r"<[^>]+>", " ", section).lower()


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_review_views_use_story_words_only(driver, author, coach, editor, submitted, language):
    """Coach header, editor header and the author's change summary: no CMS words."""
    _language(language, author, coach, editor)
    _status_code, coach_view = _editor_html(driver, coach, submitted)
    texts = [_header_text(coach_view, HEADER)]
    driver.login(coach)
    _decide(driver, submitted, "approve", text="Hello brave new world")
    _status_code, editor_view = _editor_html(driver, editor, submitted)
    texts.append(_header_text(editor_view, HEADER))
    driver.login(editor)
    _decide(driver, submitted, "reject", comment_reject="More, please")
    _status_code, author_view = _editor_html(driver, author, submitted)
    texts.append(_header_text(author_view, "data-coach-changes"))
    for text in texts:
        assert text.strip()
        for word in FORBIDDEN_WORDS[language]:
            assert not re.search(rf"\b{word}", text), (word, text)
