"""Redis down (killed, restarting): pages keep serving, beacons answer a clear 503, no 500."""

import runpy
from pathlib import Path

import pytest
import redis

from cms.ratelimit import hit
from stories.readership import storage
from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db

# Nothing listens on port 1 of the loopback: every connection is refused, as after a crash.
DEAD_REDIS_URL = "redis://127.0.0.1:1/0"


@pytest.fixture
def story(author):
    return StoryPageFactory(owner=author)


@pytest.fixture
def dead_buffer(monkeypatch):
    client = redis.Redis.from_url(DEAD_REDIS_URL, socket_connect_timeout=1)
    monkeypatch.setattr(storage, "redis_client", lambda: client)
    return client


@pytest.fixture
def dead_cache(settings, monkeypatch):
    # The cache exactly as cms/settings/base.py configures it with REDIS_URL set, pointed at
    # the dead server.
    monkeypatch.setenv("REDIS_URL", DEAD_REDIS_URL)
    base = runpy.run_path(str(Path(settings.BASE_DIR) / "cms" / "settings" / "base.py"))
    settings.CACHES = {**settings.CACHES, "default": base["CACHES"]["default"]}


def test_an_anonymous_beacon_answers_503_with_a_message_while_redis_is_down(
    beacon, story, dead_buffer
):
    response = beacon(story)
    assert response.status_code == 503
    assert b"not counted" in response.content
    assert response["Retry-After"] == "60"


def test_a_signed_in_readers_beacon_answers_503_while_redis_is_down(
    beacon, story, dead_buffer, client, django_user_model
):
    reader = django_user_model.objects.create_user("reader", password="x" * 14)
    client.force_login(reader)
    assert beacon(story, using=client).status_code == 503


def test_the_story_page_is_served_while_the_cache_server_is_down(client, story, dead_cache):
    assert client.get(story.url).status_code == 200


def test_the_rate_limiter_lets_requests_through_while_the_cache_is_down(dead_cache):
    assert all(hit("down", "someone", limit=1) for _ in range(3))


def test_an_editor_can_unpublish_and_delete_a_story_while_redis_is_down(story, dead_buffer):
    story.unpublish()
    story.delete()
    assert not type(story).objects.filter(pk=story.pk).exists()
