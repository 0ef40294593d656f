import pytest

from stories.models import StoryDailyViews
from tests.factories import StoryDailyViewsFactory, StoryPageFactory, add_readers

pytestmark = pytest.mark.django_db


def test_rollup_factory_builds_a_valid_row(author):
    row = StoryDailyViewsFactory(story=StoryPageFactory(owner=author))
    row.full_clean()
    assert StoryDailyViews.objects.get() == row
    assert row.views >= row.readers


def test_add_readers_builds_one_row_per_story_day_and_source(author):
    story = StoryPageFactory(owner=author)
    add_readers(story, 3)
    add_readers(story, 4, source="linkedin")
    add_readers(story, 5, days_ago=1)
    assert StoryDailyViews.objects.filter(story=story).count() == 3
