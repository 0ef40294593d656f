"""No IP, no cookie, no reader identity anywhere; salts rotate and disappear with the hashes."""

import datetime

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from stories.models import ReaderHash, ReadershipSalt, StoryDailyViews
from stories.readership import storage
from stories.readership.counting import reader_digest
from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db

SECRET_IP = "203.0.113.77"
SECRET_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Unique/4242"
)
NOON = datetime.datetime(2026, 6, 10, 12, 0, tzinfo=datetime.UTC)


def every_stored_value():
    """Every cell of every table in the database, as text."""
    values = []
    with connection.cursor() as cursor:
        for model in apps.get_models():
            table = model._meta.db_table
            if table not in connection.introspection.table_names():
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            values.extend(str(cell) for row in cursor.fetchall() for cell in row)
    return values


def every_cached_value(redis_client=None):
    values = []
    local = getattr(cache, "_cache", None)
    if local is not None:  # LocMemCache
        values.extend(str(key) for key in local)
        values.extend(str(value) for value in local.values())
    clients = [redis_client] if redis_client is not None else []
    if settings.REDIS_URL:
        from django_redis import get_redis_connection

        clients.append(get_redis_connection("default"))
    for client in clients:
        for key in client.scan_iter():
            values.append(str(key))
            kind = client.type(key)
            if kind == b"string":
                values.append(str(client.get(key)))
            elif kind == b"hash":
                values.append(str(client.hgetall(key)))
            elif kind == b"set":
                values.append(str(client.smembers(key)))
    return values


def _assert_nothing_identifying(values):
    text = "\n".join(values)
    assert SECRET_IP not in text
    assert "Unique/4242" not in text


@pytest.fixture
def story(author):
    return StoryPageFactory(owner=author)


def test_no_ip_user_agent_or_cookie_is_stored_anywhere_on_the_database_path(beacon, client, story):
    responses = [
        beacon(story, ip=SECRET_IP, ua=SECRET_UA, src="linkedin"),
        beacon(story, "read", ip=SECRET_IP, ua=SECRET_UA),
        client.get(
            f"/readership/pixel.gif?story={story.pk}",
            REMOTE_ADDR=SECRET_IP,
            HTTP_USER_AGENT=SECRET_UA,
        ),
    ]
    assert StoryDailyViews.objects.get(story=story, source="linkedin").readers == 1
    for response in responses:
        assert "Set-Cookie" not in response.headers
        assert not response.cookies
        assert SECRET_IP not in str(response.headers)
        assert response.headers["Cache-Control"].startswith("max-age=0")
    assert not client.cookies
    _assert_nothing_identifying(every_stored_value())
    _assert_nothing_identifying(every_cached_value())


def test_no_ip_is_stored_on_the_redis_path_either(beacon, story, any_redis):
    beacon(story, ip=SECRET_IP, ua=SECRET_UA)
    beacon(story, "read", ip=SECRET_IP, ua=SECRET_UA)
    _assert_nothing_identifying(every_cached_value(any_redis))
    storage.flush()
    _assert_nothing_identifying(every_stored_value())
    _assert_nothing_identifying(every_cached_value(any_redis))


def test_the_story_page_sets_no_cookie_for_anonymous_readers(client, story):
    response = client.get(story.url, REMOTE_ADDR=SECRET_IP)
    assert response.status_code == 200
    assert not response.cookies


def test_the_salt_rotates_daily_so_digests_differ_across_days(story):
    with time_machine.travel(NOON, tick=False):
        first = storage.salt_for(datetime.date(2026, 6, 10))
    second = storage.salt_for(datetime.date(2026, 6, 11))
    assert first != second
    assert len(first) == 64
    assert reader_digest(first, SECRET_IP, SECRET_UA, story.pk) != reader_digest(
        second, SECRET_IP, SECRET_UA, story.pk
    )


def test_the_salt_of_a_day_is_shared_by_every_process(story):
    day = datetime.date(2026, 6, 10)
    salt = storage.salt_for(day)
    storage.forget_cached_salts()  # as if another process asked
    assert storage.salt_for(day) == salt
    assert ReadershipSalt.objects.count() == 1


def test_rotation_deletes_salts_and_hashes_after_two_days(beacon, story):
    for day in (8, 9, 10):
        with time_machine.travel(NOON.replace(day=day), tick=False):
            beacon(story)
    assert ReadershipSalt.objects.count() == 3
    assert ReaderHash.objects.count() == 3
    with time_machine.travel(NOON.replace(day=10), tick=False):
        storage.rotate_salts()
    kept = sorted(d.day for d in ReadershipSalt.objects.values_list("day", flat=True))
    assert kept == [9, 10]
    assert sorted(h.day.day for h in ReaderHash.objects.all()) == [9, 10]
    # The counts themselves stay.
    assert StoryDailyViews.objects.filter(story=story).count() == 3


def test_redis_reader_sets_expire_after_two_days(beacon, story, fake_redis):
    with time_machine.travel(NOON, tick=False):
        beacon(story)
        keys = list(fake_redis.scan_iter(match=storage.KEY_PREFIX + "seen:*"))
        assert keys
        ttl = fake_redis.ttl(keys[0])
    # Expires at the end of the next day in TIME_ZONE: between 1 and 2 days from noon.
    assert 24 * 3600 < ttl <= 48 * 3600
