"""Each factory builds a valid object."""

import pytest

from tests.factories import (
    AgencyCoachFactory,
    AuthorFactory,
    AuthorProfileFactory,
    CoachFactory,
    DepartmentFactory,
    EditorFactory,
    ImageFactory,
    PitchFactory,
    StoryDailyViewsFactory,
    StoryPageFactory,
    TOTPDeviceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "factory",
    [
        UserFactory,
        DepartmentFactory,
        AuthorProfileFactory,
        CoachFactory,
        AgencyCoachFactory,
        EditorFactory,
        ImageFactory,
        PitchFactory,
        TOTPDeviceFactory,
    ],
)
def test_factory_builds_a_valid_object(factory):
    obj = factory()
    obj.full_clean(exclude=["password"]) if hasattr(obj, "password") else obj.full_clean()


def test_author_factory_builds_a_paired_author_with_profile():
    coach = CoachFactory()
    author = AuthorFactory(profile__coach=coach)
    assert author.groups.filter(name="Authors").exists()
    assert author.author_profile.coach == coach


def test_story_factory_builds_live_and_draft_stories():
    author = AuthorFactory()
    live = StoryPageFactory(owner=author)
    draft = StoryPageFactory(owner=author, live=False)
    live.full_clean()
    assert live.live and live.get_latest_revision() is not None
    assert not draft.live and draft.get_latest_revision() is not None


def test_story_daily_views_factory_builds_a_rollup_row_for_a_live_story():
    row = StoryDailyViewsFactory(story=StoryPageFactory(owner=AuthorFactory()))
    row.full_clean()
    assert row.story.live and row.readers <= row.views
