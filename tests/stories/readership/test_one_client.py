"""One client cannot inflate a story: ceiling per address, reads after views, rate limit across
user agents, signed-in readers by account, believable sources, on every storage path."""

import datetime

import pytest
import time_machine
from django.db.models import Sum
from django.utils import timezone

from stories.models import ReadershipMilestone, ReaderTally, StoryDailyViews
from stories.mostread import figures as most_read
from stories.readership import storage
from stories.readership.counting import reader_keys
from tests.factories import StoryPageFactory, UserFactory
from tests.stories.readership.conftest import DESKTOP_UA

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.50"
# In the future: a real Redis expires keys on its own clock, which time travel does not move.
NOON = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=3)).replace(
    hour=12, minute=0, second=0, microsecond=0
)


@pytest.fixture(autouse=True)
def _fresh_limits():
    from django.core.cache import cache

    cache.clear()  # the database path's rate limiter lives in Django's cache


def counted(story):
    """The story's figures as the dashboards, most-read and milestones see them."""
    storage.flush()
    totals = StoryDailyViews.objects.filter(story=story).aggregate(
        views=Sum("views"), readers=Sum("readers"), reads=Sum("reads")
    )
    return {key: value or 0 for key, value in totals.items()}


def by_source(story):
    storage.flush()
    return {
        row.source: (row.views, row.readers, row.reads)
        for row in StoryDailyViews.objects.filter(story=story)
    }


def agent(n):
    return f"{DESKTOP_UA} Build/{n}"


@pytest.fixture
def story(author):
    return StoryPageFactory(owner=author, title="Targeted")


@pytest.fixture
def patient(settings):
    """An attacker who stays under the rate limit: the ceiling alone must hold."""
    settings.STORYWERK_READERSHIP_RATE_LIMIT = 100_000


def test_one_address_rotating_user_agents_cannot_inflate_a_story(
    beacon, story, author, every_path, settings
):
    settings.STORYWERK_READERSHIP_MILESTONES = (21,)
    rival = StoryPageFactory(owner=author, title="Honest")
    for n in range(25):
        beacon(rival, ip=f"198.51.100.{n + 1}")
    for n in range(300):
        beacon(story, ip=ATTACKER, ua=agent(n), src="linkedin")
        beacon(story, "read", ip=ATTACKER, ua=agent(n), src="linkedin")
    for n in range(300, 600):
        beacon(story, "read", ip=ATTACKER, ua=agent(n))

    figures = counted(story)
    ceiling = 20  # the documented default
    assert figures["readers"] <= ceiling
    assert figures["views"] <= ceiling
    assert figures["reads"] <= figures["readers"]
    storage.flush()  # the flush job checks milestones from these figures only
    reached = set(ReadershipMilestone.objects.values_list("story__title", flat=True))
    assert reached == {"Honest"}
    data = most_read.compute_figures(most_read.ANONYMOUS, timezone.localdate())
    top = next(p for p in data["periods"] if p["key"] == "7")["stories"]
    assert top[0]["title"] == "Honest"


def test_an_address_adds_at_most_the_ceiling_of_readers_whatever_the_user_agent(
    beacon, story, every_path, patient
):
    for n in range(30):
        assert beacon(story, ip=ATTACKER, ua=agent(n)).status_code == 204
    assert counted(story) == {"views": 20, "readers": 20, "reads": 0}
    # Another address, and the same address on another story, are not affected.
    beacon(story, ip="198.51.100.1")
    other = StoryPageFactory(owner=story.owner)
    beacon(other, ip=ATTACKER)
    assert counted(story)["readers"] == 21
    assert counted(other)["readers"] == 1


def test_the_ceiling_covers_reloads_of_one_reader_too(beacon, story, every_path, patient):
    for _ in range(25):
        beacon(story, ip=ATTACKER)
    assert counted(story) == {"views": 20, "readers": 1, "reads": 0}


def test_the_ceiling_is_a_setting(beacon, story, every_path, patient, settings):
    settings.STORYWERK_READERSHIP_DAILY_CEILING = 3
    for n in range(5):
        beacon(story, ip=ATTACKER, ua=agent(n))
    assert counted(story) == {"views": 3, "readers": 3, "reads": 0}


def test_the_ceiling_starts_again_the_next_day(beacon, story, every_path, patient, settings):
    settings.STORYWERK_READERSHIP_DAILY_CEILING = 2
    for day in (NOON, NOON + datetime.timedelta(days=1)):
        with time_machine.travel(day, tick=False):
            for n in range(3):
                beacon(story, ip=ATTACKER, ua=agent(n))
    assert counted(story)["readers"] == 4


def test_a_read_without_a_view_that_day_does_not_count(beacon, story, every_path):
    assert beacon(story, "read", ip=ATTACKER).status_code == 204
    assert counted(story) == {"views": 0, "readers": 0, "reads": 0}
    beacon(story, ip=ATTACKER)
    beacon(story, "read", ip=ATTACKER)
    assert counted(story) == {"views": 1, "readers": 1, "reads": 1}


def test_a_read_after_yesterdays_view_does_not_count(beacon, story, every_path):
    with time_machine.travel(NOON, tick=False):
        beacon(story, ip=ATTACKER)
    with time_machine.travel(NOON + datetime.timedelta(days=1), tick=False):
        beacon(story, "read", ip=ATTACKER)
    assert counted(story)["reads"] == 0


def test_a_read_after_a_view_past_the_ceiling_does_not_count(
    beacon, story, every_path, patient, settings
):
    settings.STORYWERK_READERSHIP_DAILY_CEILING = 1
    beacon(story, ip=ATTACKER, ua=agent(1))
    beacon(story, ip=ATTACKER, ua=agent(2))  # past the ceiling: not counted
    beacon(story, "read", ip=ATTACKER, ua=agent(2))
    assert counted(story) == {"views": 1, "readers": 1, "reads": 0}


def test_the_rate_limit_spans_user_agents(beacon, story, every_path, settings):
    settings.STORYWERK_READERSHIP_RATE_LIMIT = 3
    statuses = [beacon(story, ip=ATTACKER, ua=agent(n)).status_code for n in range(4)]
    assert statuses == [204, 204, 204, 429]
    assert beacon(story, ip="198.51.100.1").status_code == 204


def test_signed_in_readers_are_one_reader_per_account(client, beacon, story, every_path, author2):
    client.force_login(author2)
    for n in range(3):
        beacon(story, ip=f"198.51.100.{n + 1}", ua=agent(n))
    assert counted(story) == {"views": 3, "readers": 1, "reads": 0}


def test_signed_in_colleagues_behind_one_address_are_not_capped_as_anonymous(
    beacon, story, every_path, patient, settings, client
):
    settings.STORYWERK_READERSHIP_DAILY_CEILING = 2
    for n in range(3):
        beacon(story, ip=ATTACKER, ua=agent(n))
    for _ in range(3):
        client.force_login(UserFactory())
        beacon(story, ip=ATTACKER)
    assert counted(story)["readers"] == 2 + 3


def test_a_share_source_counts_the_arrival_not_every_reload(beacon, story, every_path):
    beacon(story, src="linkedin")
    beacon(story, src="linkedin")
    beacon(story, "read", src="linkedin")
    assert by_source(story) == {"linkedin": (1, 1, 1), "direct": (1, 0, 0)}


def test_an_unknown_source_is_ignored_not_counted_as_given(beacon, story, every_path):
    beacon(story, src="made-up", ref="https://www.google.com/")
    assert list(by_source(story)) == ["search"]


def test_the_address_key_is_salted_and_changes_every_day(beacon, story, every_path):
    first = reader_keys("a" * 64, ip=ATTACKER, user_agent="A", story_id=story.pk)
    other_agent = reader_keys("a" * 64, ip=ATTACKER, user_agent="B", story_id=story.pk)
    next_day = reader_keys("b" * 64, ip=ATTACKER, user_agent="A", story_id=story.pk)
    assert first.tally == other_agent.tally and first.limiter == other_agent.limiter
    assert first.reader != other_agent.reader
    assert first.tally != next_day.tally and first.limiter != next_day.limiter
    assert ATTACKER not in first.tally + first.limiter
    beacon(story, ip=ATTACKER)
    stored = list(ReaderTally.objects.values_list("digest", flat=True))
    assert all(ATTACKER not in digest for digest in stored)


def test_the_database_path_stays_a_few_queries_per_beacon(
    beacon, story, patient, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(storage, "redis_client", lambda: None)
    beacon(story, ip=ATTACKER)  # creates the day's salt
    # Story lookup, then one transaction: tally, reader hash, rollup (+ savepoint in tests).
    with django_assert_max_num_queries(6):
        beacon(story, ip=ATTACKER, ua=agent(1))
    with django_assert_max_num_queries(6):
        beacon(story, "read", ip=ATTACKER, ua=agent(1))


def test_what_we_count_states_the_ceiling(client, settings):
    settings.STORYWERK_READERSHIP_DAILY_CEILING = 7
    english = client.get("/en/what-we-count/").content.decode()
    assert "at most 7 views of a story per day" in english
    german = client.get("/what-we-count/").content.decode()
    assert "höchstens 7 Aufrufe pro Tag" in german
