"""Admin hooks of the review workflow that people see in the page editor
(stories/review/admin_hooks.py)."""

import html

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from stories.models import CoachReviewTask

pytestmark = pytest.mark.django_db


def _editor_html(driver, user, page):
    driver.login(user)
    response = driver.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _english(*users):
    for user in users:
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "en"
        profile.save()


def test_author_opening_a_story_with_requested_changes_reads_the_reviewers_comment(
    driver, author, coach, draft
):
    _english(author)
    driver.login(author)
    driver.submit(draft)
    driver.login(coach)
    driver.act(draft, "reject", comment="Start with the day <b>and</b> the scanner")

    page = _editor_html(driver, author, draft)
    coach_name = coach.get_full_name()
    assert (
        f"{coach_name} asked for changes: “Start with the day &lt;b&gt;and&lt;/b&gt; the "
        "scanner” When you have made them, submit the story to your coach again." in page
    )


def test_the_change_request_message_is_german_for_german_authors(driver, author, coach, draft):
    driver.login(author)
    driver.submit(draft)
    driver.login(coach)
    driver.act(draft, "reject", comment="")

    page = html.unescape(_editor_html(driver, author, draft))
    assert f"{coach.get_full_name()} hat um Änderungen gebeten." in page


def test_no_change_request_message_while_in_review_or_for_others(
    driver, author, coach, editor, draft
):
    _english(author, coach, editor)
    driver.login(author)
    driver.submit(draft)
    assert "asked for changes" not in _editor_html(driver, author, draft)

    driver.login(coach)
    driver.act(draft, "reject", comment="Shorter, please")
    # The message speaks to the authors; the coach and editors opening it do not get it.
    assert "asked for changes" not in _editor_html(driver, coach, draft)
    assert "asked for changes" not in _editor_html(driver, editor, draft)


@pytest.mark.parametrize(("language", "label"), [("en", "Comment"), ("de", "Kommentar")])
def test_review_comment_box_is_labelled_in_the_reviewers_language(language, label):
    # Wagtail's own form froze the label in the language active when it was imported.
    form_class = CoachReviewTask().get_form_for_action("reject")
    with translation.override(language):
        assert str(form_class().fields["comment"].label) == label
