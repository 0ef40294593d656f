import pytest
from django.core.cache import cache
from django.utils import translation

from tests.factories import AuthorFactory, CoachFactory, EditorFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    # A request to /en/... leaves English active in the test thread; start each test afresh.
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def coach(db):
    return CoachFactory(username="coach")


@pytest.fixture
def author(db, coach):
    return AuthorFactory(username="author", profile__coach=coach)


@pytest.fixture
def author2(db, coach):
    return AuthorFactory(username="author2", profile__coach=coach)


@pytest.fixture
def editor(db):
    return EditorFactory(username="editor")
