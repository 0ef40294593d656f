"""Factories for every model tests need (factory_boy)."""

from tests.factories.comments import AdminFactory, CommentFactory, CommentReplyFactory
from tests.factories.invitations import InvitationFactory
from tests.factories.people import (
    AgencyCoachFactory,
    AuthorFactory,
    AuthorProfileFactory,
    CoachFactory,
    DepartmentFactory,
    EditorFactory,
    TOTPDeviceFactory,
    UserFactory,
)
from tests.factories.pitches import PitchFactory
from tests.factories.rollups import StoryDailyViewsFactory, add_readers
from tests.factories.stories import ImageFactory, StoryPageFactory, story_body

__all__ = [
    "AgencyCoachFactory",
    "AdminFactory",
    "CommentFactory",
    "CommentReplyFactory",
    "AuthorFactory",
    "AuthorProfileFactory",
    "CoachFactory",
    "DepartmentFactory",
    "EditorFactory",
    "ImageFactory",
    "PitchFactory",
    "StoryDailyViewsFactory",
    "InvitationFactory",
    "StoryPageFactory",
    "TOTPDeviceFactory",
    "UserFactory",
    "add_readers",
    "story_body",
]
