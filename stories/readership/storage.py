"""Where counted beacons go: straight into the rollups, or through a Redis buffer.

Database path (no Redis): one short transaction per beacon, an INSERT of the reader hash
(ON CONFLICT DO NOTHING tells whether the reader is new today) and one upsert of the rollup
row. On SQLite the transaction starts IMMEDIATE with a busy timeout (cms/settings/base.py).

Redis path: one Lua script per beacon dedupes the reader (a per-day set) and increments a
pending hash in one round trip. The flush job renames the pending hash (atomic hand-off: new
beacons start a fresh one), moves it into the rollups and records the batch key in the same
transaction, so a batch replayed after a crash adds nothing.
"""

import calendar
import datetime
import logging
import secrets
import threading
import time
import uuid
from collections import defaultdict
from functools import lru_cache

import redis
from django.conf import settings
from django.db import IntegrityError, connection, transaction

from stories.models import ReaderHash, ReadershipFlushBatch, ReadershipSalt, StoryDailyViews
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


def record_in_database(story_id, day, source, kind, digest):
    """One beacon, one short write transaction. Returns True when the reader was new."""
    table = ReaderHash._meta.db_table
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (day, digest, kind) VALUES (%s, %s, %s) "  # noqa: S608
                "ON CONFLICT (day, digest, kind) DO NOTHING",
                [day, digest, kind],
            )
            first = cursor.rowcount == 1
        if kind == ReaderHash.Kind.VIEW:
            _upsert([(story_id, day, source, 1, int(first), 0)])
        elif first:
            _upsert([(story_id, day, source, 0, 0, 1)])
    return first


# --- Redis path ---------------------------------------------------------------------------

# KEYS: the day's seen-set for this kind, the pending hash. ARGV: digest, expire-at (unix),
# field prefix "story|day|source", kind. Leaves `added` at 1 when the reader was new.
RECORD_LUA = """
local added = redis.call('SADD', KEYS[1], ARGV[1])
redis.call('EXPIREAT', KEYS[1], ARGV[2])
if ARGV[4] == 'view' then
  redis.call('HINCRBY', KEYS[2], ARGV[3] .. '|views', 1)
  if added == 1 then redis.call('HINCRBY', KEYS[2], ARGV[3] .. '|readers', 1) end
elseif added == 1 then
  redis.call('HINCRBY', KEYS[2], ARGV[3] .. '|reads', 1)
end
"""
# Returns 1 when the reader was new.
RECORD_SCRIPT = RECORD_LUA + "return added\n"


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


def record_in_redis(client, story_id, day, source, kind, digest):
    added = client.eval(
        RECORD_SCRIPT,
        2,
        _seen_key(day, kind),
        PENDING_KEY,
        digest,
        _expire_at(day),
        f"{story_id}|{day.isoformat()}|{source}",
        kind,
    )
    return added == 1


# --- Anonymous beacons on the Redis path: one round trip, no database query ---------------

# Why a cache of its own: an anonymous beacon needs to know only whether the story is live and
# public. Kept in the readership Redis, so one Lua call can rate-limit, check the story and
# record; every app server shares it, and publish/unpublish/delete drop the entry at once.
STORY_PREFIX = KEY_PREFIX + "story:"
LIMIT_PREFIX = KEY_PREFIX + "rl:"
# An upper bound on staleness should an invalidation race a lookup (see forget_story).
STORY_SECONDS = 600

# The recording of RECORD_LUA (same KEYS[1..2] and ARGV[1..4]) behind the rate limit and the
# story check: KEYS[3] the limiter, KEYS[4] the story's state; ARGV[5] the limit (0: do not
# count this hit), ARGV[6] the window (s).
# Returns 'limited', 'unknown' (story not cached), 'internal', 'gone', 'new' or 'seen'.
ANONYMOUS_BEACON_SCRIPT = (
    """
local limit = tonumber(ARGV[5])
if limit > 0 then
  local hits = redis.call('INCR', KEYS[3])
  if hits == 1 then redis.call('EXPIRE', KEYS[3], tonumber(ARGV[6]) + 1) end
  if hits > limit then return 'limited' end
end
local audience = redis.call('GET', KEYS[4])
if not audience then return 'unknown' end
if audience ~= 'public' then return audience end
"""
    + RECORD_LUA
    + """
if added == 1 then return 'new' end
return 'seen'
"""
)


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


def count_anonymous(
    client, *, story_id, limiter_key, limit, window, day, source, kind, digest, load_story
):
    """Rate-limit, check and record an anonymous beacon in one Redis round trip.

    `load_story()` is asked (one database query) only when the story is not cached yet.
    Returns 'limited', 'internal', 'gone', 'new' or 'seen'.
    """
    bucket = int(time.time() // window)
    keys = [
        _seen_key(day, kind),
        PENDING_KEY,
        f"{LIMIT_PREFIX}{limiter_key}:{bucket}",
        _story_key(story_id),
    ]
    args = [digest, _expire_at(day), f"{story_id}|{day.isoformat()}|{source}", kind]
    result = client.eval(ANONYMOUS_BEACON_SCRIPT, len(keys), *keys, *args, limit, window)
    if result == b"unknown":
        remember_story(client, story_id, load_story())
        # The hit was counted by the first call.
        result = client.eval(ANONYMOUS_BEACON_SCRIPT, len(keys), *keys, *args, 0, window)
    return result.decode()


def forget_story(story_id):
    """Drop a story's cached state now and again once the transaction commits.

    Both: the second closes the window in which a beacon reads the old row before commit.
    """
    client = redis_client()
    if client is None:
        return
    key = _story_key(story_id)
    client.delete(key)
    transaction.on_commit(lambda: client.delete(key))


def story_changed(sender, instance, **kwargs):
    """page_published / page_unpublished / post_delete receiver for story pages."""
    forget_story(instance.pk)


def record(story_id, source, kind, digest, day):
    client = redis_client()
    if client is not None:
        return record_in_redis(client, story_id, day, source, kind, digest)
    return record_in_database(story_id, day, source, kind, digest)


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
    from stories.readership.notifications import check_milestones

    if redis_client() is not None:
        touched = flush_buffer()
    else:
        touched = stories_counted_since(reading_day(now))
        if touched:
            readership_flushed.send(sender=StoryDailyViews, stories=sorted(touched))
    if touched:
        check_milestones(touched)
    return touched


def rotate_salts(now=None):
    """The daily job: delete salts, reader hashes and flush records older than yesterday."""
    today = reading_day(now)
    cutoff = today - datetime.timedelta(days=KEEP_DAYS - 1)
    ReadershipSalt.objects.filter(day__lt=cutoff).delete()
    ReaderHash.objects.filter(day__lt=cutoff).delete()
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
