"""The "someone else saved" dialog of the page editor says what its confirm button does.

Wagtail 8 copies the label of whichever save button was clicked onto the dialog's confirm
button (Ctrl+S clicks the schedule dialog's "Save schedule"). Storywerk's copies of the
editing-sessions templates (templates/wagtailadmin/shared/editing_sessions/) keep the label
and, when someone else saved, name them: "Overwrite Ben Becker’s version".
"""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.admin.models import EditingSession
from wagtail.models import Page
from wagtail.users.models import UserProfile

from stories.models import StoryPage
from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db


def _speak(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


@pytest.fixture
def ben(coach):
    coach.first_name, coach.last_name = "Ben", "Becker"
    coach.save()
    return coach


@pytest.fixture
def story(author):
    return StoryPageFactory(owner=author, live=False, title="Plain draft")


def _ping_after_someone_saved(client, user, story, saved_by):
    """The author's editor pings after `saved_by` saved a newer revision of the story."""
    opened = story.get_latest_revision()
    StoryPage.objects.get(pk=story.pk).save_revision(user=saved_by)
    session = EditingSession.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(Page),
        object_id=str(story.pk),
        last_seen_at=opened.created_at,
    )
    client.force_login(user)
    url = reverse(
        "wagtailadmin_editing_sessions:ping", args=["wagtailcore", "page", story.pk, session.pk]
    )
    data = {"revision_id": opened.pk, "revision_created_at": opened.created_at.isoformat()}
    response = client.post(url, data)
    assert response.status_code == 200
    return response.json()["html"]


def _confirm_label(html):
    match = re.search(
        r'<template data-controller="w-teleport" '
        r'data-w-teleport-target-value="#w-save-confirmation-confirm"[^>]*>([^<]*)</template>',
        html,
    )
    assert match, "no label for the dialog's confirm button"
    return match.group(1)


@pytest.mark.parametrize(
    ("language", "label"),
    [("en", "Overwrite Ben Becker’s version"), ("de", "Version von Ben Becker überschreiben")],
)
def test_the_confirm_button_names_whose_version_it_overwrites(
    client, author, ben, story, language, label
):
    _speak(author, language)
    html = _ping_after_someone_saved(client, author, story, saved_by=ben)
    assert _confirm_label(html) == label


def test_after_saving_in_another_window_the_button_says_so(client, author, story):
    _speak(author, "en")
    html = _ping_after_someone_saved(client, author, story, saved_by=author)
    assert _confirm_label(html) == "Overwrite your other version"


@pytest.mark.parametrize(
    ("language", "label"), [("en", "Try saving again"), ("de", "Erneut speichern")]
)
def test_the_confirm_button_keeps_its_own_label_whatever_was_clicked(
    client, author, story, language, label
):
    _speak(author, language)
    client.force_login(author)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).content.decode()
    button = re.search(r'<button[^>]*id="w-save-confirmation-confirm"[^>]*>([^<]*)</button>', html)
    assert button, "the dialog's confirm button is missing"
    # Not a "confirm" target: Wagtail's script would copy the clicked button's label onto it.
    assert "data-w-dialog-target" not in button.group(0)
    assert button.group(1) == label
