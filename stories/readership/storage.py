"""The pieces behind counting: daily salts, the rollup upsert, the Redis buffer and its flush.

Recording one beacon (database transaction or one Lua call) is in `recording.py`. On SQLite
the write transaction starts IMMEDIATE with a busy timeout (cms/settings/base.py).

Redis path: the flush job renames the pending hash (atomic hand-off: new beacons start a
fresh one), moves it into the rollups and records the batch key in the same transaction, so
a batch replayed after a crash adds nothing.
"""

import calendar
import datetime
import logging
import secrets
import threading
import uuid
from collections import defaultdict
from functools import lru_cache

import redis
from django.conf import settings
from django.db import IntegrityError, connection, transaction

from stories.models import (
    ReaderHash,
    ReadershipFlushBatch,
    ReadershipSalt,
    ReaderTally,
    StoryDailyViews,
)
from stories.readership.counting import reading_day
from stories.signals import readership_flushed

logger = logging.getLogger("storywerk.readership")

KEY_PREFIX = "storywerk:readership:"
PENDING_KEY = KEY_PREFIX + "pending"
FLUSHING_PREFIX = KEY_PREFIX + "flushing:"
# How long reader hashes and salts live: today's and yesterday's, never older.
KEEP_DAYS = 2

_salts = {}
_salts_lock = threading.Lock()


def salt_for(day):
    """That day's salt, created on first use and shared through the database."""
    salt = _salts.get(day)
    if salt is not None:
        return salt
    with _salts_lock:
        table = ReadershipSalt._meta.db_table
        with connection.cursor() as cursor:
            # Whoever comes first creates it; everybody then reads the same value.
            cursor.execute(
                f"INSERT INTO {table} (day, value) VALUES (%s, %s) ON CONFLICT (day) DO NOTHING",  # noqa: S608
                [day, secrets.token_hex(32)],
            )
        salt = ReadershipSalt.objects.values_list("value", flat=True).get(day=day)
        _salts.clear()  # only ever hold one day's salt in memory
        _salts[day] = salt
    return salt


def forget_cached_salts():
    _salts.clear()


def _upsert(rows):
    """Add (story_id, day, source, views, readers, reads) rows onto the rollups atomically.

    Why raw SQL: bulk_create(update_conflicts=True) overwrites the counts instead of adding.
    """
    if not rows:
        return
    table = StoryDailyViews._meta.db_table
    placeholders = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(rows))
    params = [value for row in rows for value in row]
    sql = (
        f"INSERT INTO {table} (story_id, day, source, views, readers, reads) "  # noqa: S608
        f"VALUES {placeholders} "
        "ON CONFLICT (story_id, day, source) DO UPDATE SET "
        f"views = {table}.views + excluded.views, "
        f"readers = {table}.readers + excluded.readers, "
        f"reads = {table}.reads + excluded.reads"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


# --- Redis path ---------------------------------------------------------------------------


# Raised by the Redis client when the buffer is down or restarting (connection refused, timeout).
BufferUnavailable = redis.exceptions.RedisError


@lru_cache(maxsize=4)
def _client_for(url):
    # Short timeouts: a hung Redis must not hold a web worker; the pool reconnects by itself
    # once Redis is back (no app restart).
    return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)


def redis_client():
    """The Redis buffer's client, or None for the database path (tests replace this)."""
    url = settings.STORYWERK_READERSHIP_REDIS_URL
    return _client_for(url) if url else None


def _seen_key(day, kind):
    return f"{KEY_PREFIX}seen:{day.isoformat()}:{kind}"


def _expire_at(day):
    # The seen-set of `day` disappears at the end of the following day (TIME_ZONE).
    from zoneinfo import ZoneInfo

    end = datetime.datetime.combine(
        day + datetime.timedelta(days=KEEP_DAYS), datetime.time.min, ZoneInfo(settings.TIME_ZONE)
    )
    return int(end.timestamp())


# --- Anonymous beacons on the Redis path: one round trip, no database query ---------------

# Why a cache of its own: an anonymous beacon needs to know only whether the story is live and
# public. Kept in the readership Redis, so one Lua call can rate-limit, check the story and
# record; every app server shares it, and publish/unpublish/delete drop the entry at once.
STORY_PREFIX = KEY_PREFIX + "story:"
LIMIT_PREFIX = KEY_PREFIX + "rl:"
# An upper bound on staleness should an invalidation race a lookup (see forget_story).
STORY_SECONDS = 600


def _story_key(story_id):
    return f"{STORY_PREFIX}{story_id}"


def remember_story(client, story_id, story):
    """Cache what an anonymous beacon needs of a story: 'public', 'internal' or 'gone'."""
    from stories.models import Audience

    if story is None:
        value = "gone"
    else:
        value = "public" if story["audience"] == Audience.PUBLIC else "internal"
    client.set(_story_key(story_id), value, ex=STORY_SECONDS)
    return value


def forget_story(story_id):
    """Drop a story's cached state now and again once the transaction commits.

    Both: the second closes the window in which a beacon reads the old row before commit.
    """
    client = redis_client()
    if client is None:
        return
    key = _story_key(story_id)

    def drop():
        # Redis down must not fail a publish or delete: the entry expires within STORY_SECONDS.
        try:
            client.delete(key)
        except BufferUnavailable:
            logger.warning("readership: could not drop the cached state of story %s", story_id)

    drop()
    transaction.on_commit(drop)


def story_changed(sender, instance, **kwargs):
    """page_published / page_unpublished / post_delete receiver for story pages."""
    forget_story(instance.pk)


def _rows_from_hash(data):
    counts = defaultdict(lambda: [0, 0, 0])
    column = {"views": 0, "readers": 1, "reads": 2}
    for raw_field, raw_value in data.items():
        field = raw_field.decode() if isinstance(raw_field, bytes) else raw_field
        story_id, day, source, name = field.split("|")
        counts[(int(story_id), datetime.date.fromisoformat(day), source)][column[name]] += int(
            raw_value
        )
    return [(*key, *values) for key, values in counts.items()]


def flush_buffer(client=None):
    """Move buffered counts into the rollups; return the ids of the stories that changed.

    Leftover batches of a flush that died half-way are processed first; a batch already in
    the database (crash after commit, before delete) is only deleted.
    """
    client = client or redis_client()
    if client is None:
        return set()
    batch_keys = [
        key.decode() if isinstance(key, bytes) else key
        for key in client.scan_iter(match=FLUSHING_PREFIX + "*")
    ]
    new_key = FLUSHING_PREFIX + uuid.uuid4().hex
    if client.exists(PENDING_KEY):
        try:
            client.rename(PENDING_KEY, new_key)
            batch_keys.append(new_key)
        except Exception:  # the key vanished in between (another flusher): nothing to do
            logger.info("readership: pending counts were taken by another flush")
    touched = set()
    for key in batch_keys:
        rows = _rows_from_hash(client.hgetall(key))
        if rows:
            try:
                with transaction.atomic():
                    ReadershipFlushBatch.objects.create(key=key)
                    _upsert(rows)
            except IntegrityError:
                logger.info("readership: batch %s was already flushed", key)
            else:
                touched.update(row[0] for row in rows)
        client.delete(key)
    if touched:
        readership_flushed.send(sender=StoryDailyViews, stories=sorted(touched))
    return touched


def stories_counted_since(day):
    """Story ids with rollup rows from `day` on (what the database path changed lately)."""
    return set(
        StoryDailyViews.objects.filter(day__gte=day).values_list("story_id", flat=True).distinct()
    )


def flush(now=None):
    """The every-minute job: flush the buffer (or, on the database path, report today's
    stories), then check milestones for the stories that changed."""
    from stories.readership import freshness
    from stories.readership.notifications import check_milestones

    if redis_client() is not None:
        touched = flush_buffer()
    else:
        touched = stories_counted_since(reading_day(now))
        if touched:
            readership_flushed.send(sender=StoryDailyViews, stories=sorted(touched))
    if touched:
        check_milestones(touched)
    freshness.flushed()
    return touched


def rotate_salts(now=None):
    """The daily job: delete salts, reader hashes and flush records older than yesterday."""
    today = reading_day(now)
    cutoff = today - datetime.timedelta(days=KEEP_DAYS - 1)
    ReadershipSalt.objects.filter(day__lt=cutoff).delete()
    ReaderHash.objects.filter(day__lt=cutoff).delete()
    ReaderTally.objects.filter(day__lt=cutoff).delete()
    ReadershipFlushBatch.objects.filter(
        flushed_at__lt=datetime.datetime.combine(cutoff, datetime.time.min, datetime.UTC)
    ).delete()
    forget_cached_salts()
    salt_for(today)


def prune_rollups(now=None):
    """Delete rollup rows older than the retention period (25 months by default)."""
    today = reading_day(now)
    months = settings.STORYWERK_READERSHIP_RETENTION_MONTHS
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    cutoff = datetime.date(year, month, min(today.day, calendar.monthrange(year, month)[1]))
    deleted, _ = StoryDailyViews.objects.filter(day__lt=cutoff).delete()
    return deleted
