"""Who may switch the storytellers leaderboard: Editors and Admins, not Authors or Coaches."""

import pytest
from django.urls import reverse

from stories.models import MostReadSettings
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _settings_url():
    pk = MostReadSettings.load().pk
    return reverse("wagtailsettings:edit", args=["stories", "mostreadsettings", pk])


@pytest.fixture
def administrator(db):
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


def test_editor_can_switch_the_leaderboard_off(client, editor):
    client.force_login(editor)
    assert client.get(_settings_url()).status_code == 200
    response = client.post(_settings_url(), {})  # an unticked box: the leaderboard off
    assert response.status_code == 302
    assert MostReadSettings.load().show_storytellers_leaderboard is False


def test_administrator_can_open_the_most_read_settings(client, administrator):
    client.force_login(administrator)
    assert client.get(_settings_url()).status_code == 200


@pytest.mark.parametrize("role", ["author", "coach"])
def test_authors_and_coaches_cannot_change_the_most_read_settings(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(_settings_url()).status_code in (302, 403)
    client.post(_settings_url(), {})
    assert MostReadSettings.load().show_storytellers_leaderboard is True
