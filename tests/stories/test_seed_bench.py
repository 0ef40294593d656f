import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Sum
from wagtail.models import Page

from authors.models import AuthorProfile
from stories.models import Audience, StoryDailyViews, StoryIndexPage, StoryPage

pytestmark = pytest.mark.django_db


def test_seed_bench_builds_a_valid_page_tree_with_rollups(client):
    call_command("seed_bench", "--scale", "0.01", "--days", "60", "--images", "2")

    stories = StoryPage.objects.filter(slug__startswith="bench-story-")
    assert stories.count() == 50
    assert stories.filter(audience=Audience.INTERNAL).count() == 5
    assert AuthorProfile.objects.filter(slug__startswith="bench-author-").count() == 5
    # Treebeard paths, depth and numchild are consistent (nothing to fix).
    assert Page.find_problems() == ([], [], [], [], [])
    index = StoryIndexPage.objects.get()
    assert index.get_children().count() == index.numchild == 50
    # Rollups: at least one row per story, a long tail and no duplicate key.
    assert StoryDailyViews.objects.values("story").distinct().count() == 50
    assert StoryDailyViews.objects.aggregate(v=Sum("views"))["v"] > 0

    story = stories.filter(audience=Audience.PUBLIC).first()
    response = client.get(story.url)
    assert response.status_code == 200
    assert story.title.encode() in response.content
    assert StoryPage.objects.live().search(story.title.split()[0]).count() >= 1
    heavy = get_user_model().objects.get(username="bench-author-000")
    assert StoryPage.objects.filter(owner=heavy).count() == 25  # capped at half the stories
    assert client.login(username="bench-author-000", password="bench-password-1234")


def test_seed_bench_refuses_to_seed_twice():
    call_command("seed_bench", "--scale", "0.004", "--days", "5", "--images", "0")
    with pytest.raises(CommandError):
        call_command("seed_bench", "--scale", "0.004", "--days", "5", "--images", "0")


def rollup_statistics():
    """What the query planner knows about the rollup table (None: never analyzed)."""
    table = StoryDailyViews._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            tuples = cursor.fetchone()[0]
            return tuples if tuples > 0 else None
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return None
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
        row = cursor.fetchone()
        return row[0] if row else None


def test_seed_bench_leaves_planner_statistics_for_the_bulk_loaded_rollups():
    call_command("seed_bench", "--scale", "0.004", "--days", "5", "--images", "0")
    assert rollup_statistics() is not None
