"""Admin pages of our own name themselves in the header, not only "Home" (the page title was
for screen readers only): pipeline board, a pitch's accept page, the erasure page."""

import pytest
from django.urls import reverse

from tests.factories import AdminFactory, PitchFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_default_language")]


def _visible_trail(response):
    return [str(item["label"]) for item in response.context["breadcrumbs_items"]]


def test_pipeline_header_names_the_pipeline(client, editor):
    client.force_login(editor)
    assert _visible_trail(client.get(reverse("stories_pipeline")))[-1] == "Pipeline"


def test_accept_pitch_header_names_the_page_and_the_pitch(client, editor):
    pitch = PitchFactory(working_title="The parcel board")
    client.force_login(editor)
    response = client.get(reverse("pitches:accept", args=[pitch.pk]))
    assert _visible_trail(response)[-2:] == ["Pitches", "Accept pitch"]
    assert response.context["breadcrumbs_items"][-1]["sublabel"] == "The parcel board"
    assert "The parcel board" in response.content.decode()


def test_erasure_header_names_the_page_and_the_person(client, author):
    client.force_login(AdminFactory())
    profile = author.author_profile
    url = reverse("wagtailsnippets_authors_authorprofile:erase", args=[profile.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert _visible_trail(response)[-1] == "Erase personal data"
    assert response.context["breadcrumbs_items"][-1]["sublabel"] == profile.display_name
