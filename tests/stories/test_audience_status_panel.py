"""The editor's status side panel names the story's audience, not Wagtail's page privacy."""

import pytest
from wagtail.users.models import UserProfile

from stories.models import Audience
from tests.factories import StoryPageFactory, UserFactory

pytestmark = pytest.mark.django_db

INTERNAL = {
    "en": ("Employees only", "only signed-in employees can read this story"),
    "de": ("Nur für Mitarbeitende", "nur angemeldete Mitarbeitende diese"),
}


def _edit_page(client, user, story, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client.force_login(user)
    response = client.get(f"/admin/pages/{story.pk}/edit/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("role", ["author", "coach", "editor", "admin"])
def test_internal_story_panel_says_employees_only_for_every_role(client, request, role, language):
    author = request.getfixturevalue("author")
    user = UserFactory(is_superuser=True) if role == "admin" else request.getfixturevalue(role)
    story = StoryPageFactory(owner=author, audience=Audience.INTERNAL, live=False)
    html = _edit_page(client, user, story, language)
    title, help_text = INTERNAL[language]
    assert title in html
    assert help_text in html
    assert "Visible to all" not in html
    assert "Once live anyone can view" not in html


def test_public_story_panel_says_visible_to_everyone(client, author):
    story = StoryPageFactory(owner=author, audience=Audience.PUBLIC, live=False)
    html = _edit_page(client, author, story, "en")
    assert "Visible to everyone" in html
    assert "anyone on the internet can read this story" in html
