"""Rollup storage: atomic upserts, the Redis buffer and its flush, pruning, jobs."""

import datetime
import threading

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from cms import scheduler
from stories.models import ReaderHash, ReadershipFlushBatch, StoryDailyViews
from stories.readership import recording, storage
from stories.signals import readership_flushed
from tests.factories import StoryDailyViewsFactory, StoryPageFactory
from tests.stories.readership.conftest import make_beacon

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2026, 6, 10, 12, 0, tzinfo=datetime.UTC)
DAY = datetime.date(2026, 6, 10)


def totals(story=None):
    rows = StoryDailyViews.objects.all()
    if story is not None:
        rows = rows.filter(story=story)
    return rows.aggregate(views=Sum("views"), readers=Sum("readers"), reads=Sum("reads"))


@pytest.fixture
def story(author):
    return StoryPageFactory(owner=author)


@pytest.fixture
def flushed_signals():
    received = []

    def receiver(sender, stories, **kwargs):
        received.append(list(stories))

    readership_flushed.connect(receiver)
    yield received
    readership_flushed.disconnect(receiver)


def test_upsert_adds_to_existing_counts_instead_of_overwriting(story):
    StoryDailyViewsFactory(story=story, day=DAY, source="direct", views=5, readers=4, reads=1)
    storage._upsert([(story.pk, DAY, "direct", 2, 1, 1), (story.pk, DAY, "qr", 1, 1, 0)])
    assert StoryDailyViews.objects.get(story=story, source="direct").views == 7
    assert StoryDailyViews.objects.get(story=story, source="direct").readers == 5
    assert StoryDailyViews.objects.get(story=story, source="qr").views == 1


def test_database_path_writes_in_one_short_transaction(story):
    with CaptureQueriesContext(connection) as queries:
        recording.record_in_database(make_beacon(story, DAY, "a" * 32), 20)
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("INSERT")]
    assert len(writes) == 3  # the tally, the reader hash and the rollup upsert
    assert totals(story) == {"views": 1, "readers": 1, "reads": 0}


def test_database_path_is_exact(beacon, story):
    for n in range(20):
        beacon(story, ip=f"198.51.100.{n % 5}")
    beacon(story, "read", ip="198.51.100.1")
    assert totals(story) == {"views": 20, "readers": 5, "reads": 1}


def test_redis_path_counts_nothing_in_the_database_until_flushed(beacon, story, any_redis):
    for n in range(20):
        beacon(story, ip=f"198.51.100.{n % 5}")
    beacon(story, "read", ip="198.51.100.1")
    beacon(story, "read", ip="198.51.100.1")
    assert not StoryDailyViews.objects.exists()
    assert not ReaderHash.objects.exists()  # the Redis path dedupes in Redis
    assert storage.flush() == {story.pk}
    assert totals(story) == {"views": 20, "readers": 5, "reads": 1}
    # A second flush has nothing left to add.
    assert storage.flush() == set()
    assert totals(story) == {"views": 20, "readers": 5, "reads": 1}


def test_redis_path_dedupes_readers_across_flushes_within_a_day(beacon, story, any_redis):
    beacon(story)
    storage.flush()
    beacon(story)
    storage.flush()
    assert totals(story) == {"views": 2, "readers": 1, "reads": 0}


def test_flush_sends_readership_flushed_with_the_changed_stories(
    beacon, story, author, any_redis, flushed_signals
):
    other = StoryPageFactory(owner=author)
    StoryPageFactory(owner=author)  # not read: not in the signal
    beacon(story)
    beacon(other)
    storage.flush()
    assert flushed_signals == [sorted([story.pk, other.pk])]


def test_flush_with_nothing_buffered_sends_no_signal(any_redis, flushed_signals):
    assert storage.flush() == set()
    assert flushed_signals == []


def test_a_batch_left_by_a_crashed_flush_is_flushed_next_time(story, fake_redis):
    recording.record_in_redis(fake_redis, make_beacon(story, DAY, "d" * 32), 20)
    fake_redis.rename(storage.PENDING_KEY, storage.FLUSHING_PREFIX + "crashed")
    recording.record_in_redis(fake_redis, make_beacon(story, DAY, "e" * 32), 20)
    storage.flush_buffer()
    assert totals(story) == {"views": 2, "readers": 2, "reads": 0}
    assert not list(fake_redis.scan_iter(match=storage.FLUSHING_PREFIX + "*"))


def test_a_batch_already_in_the_database_is_not_counted_twice(story, fake_redis):
    recording.record_in_redis(fake_redis, make_beacon(story, DAY, "d" * 32), 20)
    key = storage.FLUSHING_PREFIX + "committed-before-crash"
    fake_redis.rename(storage.PENDING_KEY, key)
    # The crash happened after the commit and before the batch was deleted from Redis.
    ReadershipFlushBatch.objects.create(key=key)
    storage.flush_buffer()
    assert not StoryDailyViews.objects.exists()
    assert not fake_redis.exists(key)


def test_flush_during_concurrent_beacons_loses_nothing(story, any_redis):
    """Writers keep recording while the main thread flushes again and again."""
    writers, per_writer = 4, 150
    start = threading.Barrier(writers + 1)

    def write(n):
        start.wait()
        for i in range(per_writer):
            digest = f"{n:04d}{i:028d}"
            recording.record_in_redis(any_redis, make_beacon(story, DAY, digest), 20)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    start.wait()
    flushes = 0
    while any(thread.is_alive() for thread in threads) or flushes < 3:
        storage.flush_buffer(any_redis)
        flushes += 1
    for thread in threads:
        thread.join()
    storage.flush_buffer(any_redis)
    expected = writers * per_writer
    assert totals(story) == {"views": expected, "readers": expected, "reads": 0}


def test_database_path_flush_job_reports_todays_stories(beacon, story, flushed_signals):
    with time_machine.travel(NOON, tick=False):
        beacon(story)
        call_command("flush_readership")
    assert flushed_signals == [[story.pk]]


def test_reverting_a_story_revision_does_not_change_its_counts(beacon, client, story, author):
    old_revision = story.get_latest_revision()
    beacon(story)
    beacon(story, ip="198.51.100.9")
    story.title = "A new title"
    story.save_revision(user=author).publish()
    old_revision.publish()
    story.refresh_from_db()
    assert story.title != "A new title"
    assert totals(story) == {"views": 2, "readers": 2, "reads": 0}


def test_prune_deletes_rows_older_than_25_months(story):
    StoryDailyViewsFactory(story=story, day=datetime.date(2024, 5, 9))
    StoryDailyViewsFactory(story=story, day=datetime.date(2024, 5, 10))
    StoryDailyViewsFactory(story=story, day=datetime.date(2026, 6, 9))
    with time_machine.travel(NOON, tick=False):
        call_command("prune_readership")
    assert sorted(StoryDailyViews.objects.values_list("day", flat=True)) == [
        datetime.date(2024, 5, 10),
        datetime.date(2026, 6, 9),
    ]


def test_jobs_are_registered_on_the_scheduler():
    jobs = {job.name: job.seconds for job in scheduler.registered_jobs()}
    assert jobs["flush_readership"] == 60
    assert jobs["prune_readership"] == 86400
    assert jobs["rotate_readership_salts"] <= 86400
    assert jobs["send_readership_digest"] <= 86400


def test_scheduled_flush_job_runs_the_command(beacon, story, any_redis):
    beacon(story)
    job = next(job for job in scheduler.registered_jobs() if job.name == "flush_readership")
    assert scheduler.run_job(job) == "ok"
    assert totals(story)["views"] == 1


def test_rendering_a_story_writes_nothing(client, story):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(story.url)
    assert response.status_code == 200
    writes = [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert not StoryDailyViews.objects.exists()


def test_story_page_is_the_same_for_every_anonymous_reader(client, story):
    first = client.get(story.url, REMOTE_ADDR="198.51.100.1", HTTP_USER_AGENT="A").content
    second = client.get(story.url, REMOTE_ADDR="198.51.100.2", HTTP_USER_AGENT="B").content
    assert first == second
    html = first.decode()
    assert f'data-readership-story="{story.pk}"' in html
    assert 'data-readership-endpoint="/readership/beacon"' in html
    assert "/static/js/readership.js" in html
    assert (
        f'<noscript><img class="readership-pixel" src="/readership/pixel.gif?story={story.pk}"'
        in html
    )
    assert "<script>" not in html  # no inline script
