"""Recording one counted beacon: in the database, or in the Redis buffer with one Lua call.

The rules every path applies (docs/readership.md): a view counts only while the address's (or
account's) views of the story today are under the ceiling; a reader is new once per story and
day; a read counts once, and only after a counted view of the same reader that day.
"""

import time

from django.db import connection, transaction

from stories.models import ReaderHash, ReaderTally
from stories.readership import storage
from stories.readership.storage import (
    KEY_PREFIX,
    LIMIT_PREFIX,
    PENDING_KEY,
    _expire_at,
    _seen_key,
    _story_key,
    _upsert,
    remember_story,
)


def record_in_database(beacon, ceiling):
    """One beacon, one short write transaction. Returns 'new', 'seen', 'capped' or 'no-view'."""
    hashes = ReaderHash._meta.db_table
    tallies = ReaderTally._meta.db_table
    day, digest = beacon.day, beacon.keys.reader
    with transaction.atomic(), connection.cursor() as cursor:
        if beacon.kind == ReaderHash.Kind.VIEW:
            # Claim one of the address's (or account's) views of the story today, or stop.
            cursor.execute(
                f"INSERT INTO {tallies} (day, digest, views) VALUES (%s, %s, 1) "  # noqa: S608
                f"ON CONFLICT (day, digest) DO UPDATE SET views = {tallies}.views + 1 "
                f"WHERE {tallies}.views < %s",
                [day, beacon.keys.tally, ceiling],
            )
            if cursor.rowcount != 1:
                return "capped"
        else:
            cursor.execute(
                f"SELECT 1 FROM {hashes} WHERE day = %s AND digest = %s AND kind = %s",  # noqa: S608
                [day, digest, ReaderHash.Kind.VIEW],
            )
            if cursor.fetchone() is None:
                return "no-view"  # a read counts only after a counted view of the same reader
        cursor.execute(
            f"INSERT INTO {hashes} (day, digest, kind) VALUES (%s, %s, %s) "  # noqa: S608
            "ON CONFLICT (day, digest, kind) DO NOTHING",
            [day, digest, beacon.kind],
        )
        first = cursor.rowcount == 1
        if beacon.kind == ReaderHash.Kind.VIEW:
            source = beacon.source if first else beacon.repeat_source
            _upsert([(beacon.story_id, day, source, 1, int(first), 0)])
        elif first:
            _upsert([(beacon.story_id, day, beacon.source, 0, 0, 1)])
    return "new" if first else "seen"


# --- Redis path ---------------------------------------------------------------------------

# KEYS: 1 the day's set of viewers, 2 the day's set of readers who read, 3 the day's tallies
# (hash: tally digest -> counted views), 4 the pending hash.
# ARGV: 1 reader digest, 2 expire-at (unix), 3 kind, 4 field prefix "story|day|source" of a
# first view (and of a read), 5 the same for a later view, 6 tally digest, 7 the ceiling.
# Leaves `result` at 'new', 'seen', 'capped' (ceiling reached) or 'no-view' (a read first).
RECORD_LUA = """
local result
if ARGV[3] == 'view' then
  local views = redis.call('HINCRBY', KEYS[3], ARGV[6], 1)
  redis.call('EXPIREAT', KEYS[3], ARGV[2])
  if views > tonumber(ARGV[7]) then
    result = 'capped'
  elseif redis.call('SADD', KEYS[1], ARGV[1]) == 1 then
    redis.call('EXPIREAT', KEYS[1], ARGV[2])
    redis.call('HINCRBY', KEYS[4], ARGV[4] .. '|views', 1)
    redis.call('HINCRBY', KEYS[4], ARGV[4] .. '|readers', 1)
    result = 'new'
  else
    redis.call('HINCRBY', KEYS[4], ARGV[5] .. '|views', 1)
    result = 'seen'
  end
elseif redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 0 then
  result = 'no-view'
elseif redis.call('SADD', KEYS[2], ARGV[1]) == 1 then
  redis.call('EXPIREAT', KEYS[2], ARGV[2])
  redis.call('HINCRBY', KEYS[4], ARGV[4] .. '|reads', 1)
  result = 'new'
else
  result = 'seen'
end
"""
RECORD_SCRIPT = RECORD_LUA + "return result\n"


def _tally_key(day):
    return f"{KEY_PREFIX}tally:{day.isoformat()}"


def _record_keys_and_args(beacon, ceiling):
    day, prefix = beacon.day, f"{beacon.story_id}|{beacon.day.isoformat()}|"
    keys = [
        _seen_key(day, ReaderHash.Kind.VIEW),
        _seen_key(day, ReaderHash.Kind.READ),
        _tally_key(day),
        PENDING_KEY,
    ]
    args = [
        beacon.keys.reader,
        _expire_at(day),
        beacon.kind,
        prefix + beacon.source,
        prefix + beacon.repeat_source,
        beacon.keys.tally,
        ceiling,
    ]
    return keys, args


def record_in_redis(client, beacon, ceiling):
    """Record one beacon in one Lua call; returns 'new', 'seen', 'capped' or 'no-view'."""
    keys, args = _record_keys_and_args(beacon, ceiling)
    return client.eval(RECORD_SCRIPT, len(keys), *keys, *args).decode()


# The recording of RECORD_LUA (same KEYS[1..4] and ARGV[1..7]) behind the rate limit and the
# story check: KEYS[5] the limiter, KEYS[6] the story's state; ARGV[8] the limit (0: do not
# count this hit), ARGV[9] the window (s).
# Returns 'limited', 'unknown' (story not cached), 'internal', 'gone', or RECORD_LUA's result.
ANONYMOUS_BEACON_SCRIPT = (
    """
local limit = tonumber(ARGV[8])
if limit > 0 then
  local hits = redis.call('INCR', KEYS[5])
  if hits == 1 then redis.call('EXPIRE', KEYS[5], tonumber(ARGV[9]) + 1) end
  if hits > limit then return 'limited' end
end
local audience = redis.call('GET', KEYS[6])
if not audience then return 'unknown' end
if audience ~= 'public' then return audience end
"""
    + RECORD_LUA
    + "return result\n"
)


def count_anonymous(client, beacon, *, ceiling, limit, window, load_story):
    """Rate-limit (per address), check and record an anonymous beacon in one Redis round trip.

    `load_story()` is asked (one database query) only when the story is not cached yet.
    Returns 'limited', 'internal', 'gone', or what `record_in_redis` returns.
    """
    bucket = int(time.time() // window)
    keys, args = _record_keys_and_args(beacon, ceiling)
    keys += [f"{LIMIT_PREFIX}{beacon.keys.limiter}:{bucket}", _story_key(beacon.story_id)]
    result = client.eval(ANONYMOUS_BEACON_SCRIPT, len(keys), *keys, *args, limit, window)
    if result == b"unknown":
        remember_story(client, beacon.story_id, load_story())
        # The hit was counted by the first call.
        result = client.eval(ANONYMOUS_BEACON_SCRIPT, len(keys), *keys, *args, 0, window)
    return result.decode()


def record(beacon, ceiling):
    client = storage.redis_client()
    if client is not None:
        return record_in_redis(client, beacon, ceiling)
    return record_in_database(beacon, ceiling)
