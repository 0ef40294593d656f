import pytest

from tests.factories import AuthorFactory, CoachFactory


@pytest.fixture
def clara(db):
    return CoachFactory(username="clara", first_name="Clara", last_name="Weiss")


@pytest.fixture
def anna(db, clara):
    """An author paired with Clara Weiss."""
    return AuthorFactory(
        username="anna", first_name="Anna", last_name="Berger", profile__coach=clara
    )
