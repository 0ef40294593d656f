"""People around one draft story, by role, with display names to mention them by."""

import pytest

from tests.factories import AuthorFactory, CoachFactory, EditorFactory, StoryPageFactory


@pytest.fixture
def cast(db):
    """A draft by Anna (coached by Clara) and, for contrast, people with no business with it."""
    clara = CoachFactory(username="clara", first_name="Clara", last_name="Weiss")
    anna = AuthorFactory(username="anna", first_name="Anna", last_name="Berg", profile__coach=clara)
    other_coach = CoachFactory(username="otto", first_name="Otto", last_name="Klein")
    other_author = AuthorFactory(
        username="olga", first_name="Olga", last_name="Brandt", profile__coach=other_coach
    )
    editor = EditorFactory(username="erik", first_name="Erik", last_name="Lund")
    story = StoryPageFactory(owner=anna, live=False, title="Anna's draft")
    return {
        "story": story,
        "author": anna,
        "coach": clara,
        "other_coach": other_coach,
        "other_author": other_author,
        "editor": editor,
    }
