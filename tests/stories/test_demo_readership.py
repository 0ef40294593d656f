"""The demo data makes /most-read/ lively and the representation report informative."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from stories.demo_readership import seed_demo_readership
from stories.models import StoryDailyViews

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_demo_readership_fills_most_read_and_is_idempotent(client):
    call_command("seed_demo", password="a-long-test-password", stdout=None)
    assert StoryDailyViews.objects.exists()
    assert StoryDailyViews.objects.filter(source="linkedin").exists()
    assert seed_demo_readership() == 0  # a second run adds nothing

    html = client.get("/most-read/").content.decode()
    assert "No readers counted in this period yet." not in html
    assert "Anna Berger" in html  # an opted-in demo storyteller is named
    assert "Greta Lindqvist" not in html  # not opted in: never named

    editor = get_user_model().objects.get(username="editor")
    client.force_login(editor)
    report = client.get("/admin/reports/representation/").content.decode()
    assert "representation-report__empty" in report
    assert "Finance" in report  # the demo department nobody has written for yet
