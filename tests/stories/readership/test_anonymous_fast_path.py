"""Anonymous beacons on the Redis path: one Redis round trip, no database query, same rules."""

import pytest
from django.db.models import Sum

from stories.models import Audience, StoryDailyViews
from stories.readership import storage
from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(author):
    return StoryPageFactory(owner=author)


def flushed_totals(story):
    storage.flush()
    return StoryDailyViews.objects.filter(story=story).aggregate(
        views=Sum("views"), readers=Sum("readers")
    )


def test_a_known_story_is_counted_without_any_database_query(
    beacon, story, any_redis, django_assert_num_queries
):
    beacon(story, ip="198.51.100.1")  # first beacon: looks the story up once, creates the salt
    with django_assert_num_queries(0):
        assert beacon(story, ip="198.51.100.2").status_code == 204
        assert beacon(story, ip="198.51.100.2").status_code == 204
    assert flushed_totals(story) == {"views": 3, "readers": 2}


def test_the_story_is_looked_up_once_then_served_from_redis(
    beacon, story, any_redis, django_assert_num_queries
):
    beacon(story)
    assert any_redis.get(f"{storage.STORY_PREFIX}{story.pk}") == b"public"
    assert any_redis.ttl(f"{storage.STORY_PREFIX}{story.pk}") <= storage.STORY_SECONDS


def test_rate_limit_applies_on_the_fast_path(beacon, story, any_redis, settings):
    settings.STORYWERK_READERSHIP_RATE_LIMIT = 3
    statuses = [beacon(story).status_code for _ in range(4)]
    assert statuses == [204, 204, 204, 429]
    # Another reader is not limited by the first one.
    assert beacon(story, ip="198.51.100.99").status_code == 204
    assert flushed_totals(story)["views"] == 4


def test_the_limiter_stores_no_raw_ip(beacon, story, any_redis):
    beacon(story, ip="198.51.100.77")
    keys = [key.decode() for key in any_redis.scan_iter(match=storage.KEY_PREFIX + "*")]
    assert keys
    assert not any("198.51.100.77" in key for key in keys)
    for key in keys:
        if any_redis.type(key) == b"string":
            assert b"198.51.100.77" not in any_redis.get(key)


def test_an_unpublished_story_stops_counting_at_once(beacon, story, any_redis):
    assert beacon(story).status_code == 204  # now cached as public
    story.unpublish()
    response = beacon(story, ip="198.51.100.3")
    assert response.status_code == 404
    assert response.content == b"No such live story."
    assert flushed_totals(story)["views"] == 1


def test_a_story_published_after_a_miss_counts_at_once(beacon, author, any_redis):
    draft = StoryPageFactory(owner=author, live=False)
    assert beacon(draft).status_code == 404  # cached as gone
    draft.save_revision().publish()
    assert beacon(draft).status_code == 204
    assert flushed_totals(draft)["views"] == 1


def test_an_internal_story_is_not_revealed_to_anonymous_readers(beacon, author, any_redis):
    internal = StoryPageFactory(owner=author, audience=Audience.INTERNAL)
    for _ in range(2):  # the database answer and the cached one
        response = beacon(internal)
        assert response.status_code == 404
        assert response.content == b"No such live story."
    assert flushed_totals(internal)["views"] is None


def test_a_story_made_internal_stops_counting_anonymous_readers(beacon, story, any_redis):
    assert beacon(story).status_code == 204
    story.audience = Audience.INTERNAL
    story.save_revision().publish()
    assert beacon(story, ip="198.51.100.4").status_code == 404


def test_a_deleted_story_is_no_longer_counted(beacon, story, any_redis):
    story_id = story.pk
    assert beacon(story_id).status_code == 204
    storage.flush()
    story.delete()
    assert beacon(story_id, ip="198.51.100.5").status_code == 404


def test_logged_in_readers_keep_the_general_path(client, beacon, story, author, any_redis):
    # The author's own view is excluded: that needs the user, so it never takes the fast path.
    client.force_login(author)
    assert beacon(story).status_code == 204
    assert flushed_totals(story)["views"] is None


def test_an_anonymous_beacon_is_one_redis_command_whatever_the_rules(
    beacon, story, any_redis, monkeypatch, django_assert_num_queries
):
    beacon(story, ip="198.51.100.1")  # caches the story state and the day's salt
    commands = []
    original = any_redis.execute_command

    def counting(*args, **kwargs):
        commands.append(args[0])
        return original(*args, **kwargs)

    monkeypatch.setattr(any_redis, "execute_command", counting)
    with django_assert_num_queries(0):
        beacon(story, ip="198.51.100.2")  # a new reader (tally, dedupe, rate limit)
        beacon(story, "read", ip="198.51.100.2")  # a read after the view
        beacon(story, "read", ip="198.51.100.3")  # a read without a view: refused
    assert commands == ["EVAL", "EVAL", "EVAL"]
