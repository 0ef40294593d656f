"""Factories for every model tests need (factory_boy)."""

from tests.factories.people import (
    AuthorFactory,
    AuthorProfileFactory,
    CoachFactory,
    DepartmentFactory,
    EditorFactory,
    UserFactory,
)
from tests.factories.pitches import PitchFactory
from tests.factories.stories import ImageFactory, StoryPageFactory, story_body

__all__ = [
    "AuthorFactory",
    "AuthorProfileFactory",
    "CoachFactory",
    "DepartmentFactory",
    "EditorFactory",
    "ImageFactory",
    "PitchFactory",
    "StoryPageFactory",
    "UserFactory",
    "story_body",
]
