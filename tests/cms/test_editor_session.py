"""The page editor's session guard (cms/editor_session.py, static/js/editor-session.js).

The browser half is tests/e2e/test_autosave_session.py; these tests pin the server side the
script relies on."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from wagtail.users.models import UserProfile

from stories.models import StoryPage
from tests.factories import StoryPageFactory
from tests.stories.conftest import story_form_data

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


def test_session_status_answers_while_logged_in_and_sends_others_to_log_in(client, author):
    url = reverse("storywerk_session_status")
    client.force_login(author)
    response = client.get(url, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json() == {"active": True}
    assert "no-cache" in response["Cache-Control"]

    client.logout()
    response = client.get(url, HTTP_ACCEPT="application/json")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Your session has ended, so your latest changes are not saved yet."),
        ("de", "Ihre Sitzung ist abgelaufen, Ihre letzten Änderungen sind noch nicht"),
    ],
)
def test_the_page_editor_loads_the_session_guard_in_the_users_language(
    client, author, language, message
):
    profile = UserProfile.get_for_user(author)
    profile.preferred_language = language
    profile.save()
    story = StoryPageFactory(owner=author, live=False)
    client.force_login(author)
    page = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).content.decode()
    script = re.search(r'<script src="/static/js/editor-session\.js"[^>]*>', page).group(0)
    assert f'data-session-url="{reverse("storywerk_session_status")}"' in script
    assert f'data-csrf-cookie="{settings.CSRF_COOKIE_NAME}"' in script
    assert message in script


def test_saving_after_logging_in_again_elsewhere_works_with_the_new_csrf_cookie(author):
    """Login rotates the CSRF token: the open editor's token is refused, the new cookie's
    value (what the guard sends) is accepted, and the draft is saved."""
    story = StoryPageFactory(owner=author, live=False, title="Before")
    edit_url = reverse("wagtailadmin_pages:edit", args=[story.pk])
    browser = Client(enforce_csrf_checks=True)
    browser.get(reverse("wagtailadmin_login"))
    login = {"username": author.username, "password": PASSWORD}
    login["csrfmiddlewaretoken"] = browser.cookies[settings.CSRF_COOKIE_NAME].value
    assert browser.post(reverse("wagtailadmin_login"), login).status_code == 302
    editor_html = browser.get(edit_url).content.decode()
    old_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', editor_html).group(1)

    # The session ends; the author logs in again in another tab of the same browser.
    browser.session.flush()
    login["csrfmiddlewaretoken"] = browser.cookies[settings.CSRF_COOKIE_NAME].value
    assert browser.post(reverse("wagtailadmin_login"), login).status_code == 302

    form = story_form_data(story, title="Typed after the session ended")
    stale = browser.post(edit_url, {**form, "csrfmiddlewaretoken": old_token})
    assert stale.status_code == 403
    fresh_token = browser.cookies[settings.CSRF_COOKIE_NAME].value
    saved = browser.post(edit_url, {**form, "csrfmiddlewaretoken": fresh_token})
    assert saved.status_code == 302
    latest = StoryPage.objects.get(pk=story.pk).get_latest_revision()
    assert latest.as_object().title == "Typed after the session ended"
    assert latest.user == author
