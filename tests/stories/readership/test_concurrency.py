"""50 simultaneous beacons on PostgreSQL: nothing lost, readers deduplicated exactly."""

import threading

import pytest
from django.db import connection, connections
from django.db.models import Sum
from django.test import Client

from stories.models import StoryDailyViews
from tests.factories import AuthorFactory, StoryPageFactory
from tests.stories.readership.conftest import DESKTOP_UA

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises writers by design (one writer at a time); concurrency is "
        "measured on PostgreSQL (DATABASE_URL), as in CI's second pass",
    ),
]

BEACONS = 50


def fire(story_id, ips):
    """Send one beacon per entry of `ips` from its own thread, all released together."""
    barrier = threading.Barrier(len(ips))
    statuses = []

    def send(ip):
        try:
            barrier.wait()
            response = Client().post(
                "/readership/beacon",
                {"story": story_id, "kind": "view"},
                REMOTE_ADDR=ip,
                HTTP_USER_AGENT=DESKTOP_UA,
            )
            statuses.append(response.status_code)
        finally:
            connections.close_all()  # each thread closes its own connection

    threads = [threading.Thread(target=send, args=(ip,)) for ip in ips]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def totals(story):
    return StoryDailyViews.objects.filter(story=story).aggregate(
        views=Sum("views"), readers=Sum("readers")
    )


@pytest.fixture
def story(settings):
    settings.STORYWERK_READERSHIP_RATE_LIMIT = 1000
    return StoryPageFactory(owner=AuthorFactory())


def test_50_concurrent_beacons_from_50_readers_give_50_views_and_50_readers(story):
    statuses = fire(story.pk, [f"198.51.100.{n}" for n in range(BEACONS)])
    assert statuses == [204] * BEACONS
    assert totals(story) == {"views": BEACONS, "readers": BEACONS}


def test_50_concurrent_beacons_from_one_reader_give_50_views_and_1_reader(story, settings):
    settings.STORYWERK_READERSHIP_DAILY_CEILING = BEACONS
    statuses = fire(story.pk, ["198.51.100.1"] * BEACONS)
    assert statuses == [204] * BEACONS
    assert totals(story) == {"views": BEACONS, "readers": 1}


def test_50_concurrent_beacons_from_one_address_stop_exactly_at_the_ceiling(story, settings):
    settings.STORYWERK_READERSHIP_DAILY_CEILING = 20
    statuses = fire(story.pk, ["198.51.100.1"] * BEACONS)
    assert statuses == [204] * BEACONS
    assert totals(story) == {"views": 20, "readers": 1}
