import pytest
from django.core.cache import cache
from django.urls import clear_url_caches
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


@pytest.fixture
def english_default_language(settings):
    """Serve unprefixed URLs in English, as a site with LANGUAGE_CODE = "en" would.

    Django caches reversed URLs per language, with the language prefix baked in, so the caches
    are cleared when the default language changes and again when it changes back.
    """
    settings.LANGUAGE_CODE = "en"
    clear_url_caches()
    translation.activate("en")
    yield
    clear_url_caches()


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


@pytest.fixture
def people(db):
    """One author per profile visibility (two public ones, for team stories), by role."""
    from authors.models import ProfileVisibility

    def person(username, visibility):
        return AuthorFactory(username=username, profile__profile_visibility=visibility)

    return {
        "lead": person("lead", ProfileVisibility.PUBLIC),
        "partner": person("partner", ProfileVisibility.PUBLIC),
        "colleague": person("colleague", ProfileVisibility.INTERNAL),
        "hidden": person("hidden", ProfileVisibility.HIDDEN),
    }
