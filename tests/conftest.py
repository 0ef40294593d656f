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


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    """A real OpenID provider (tests/oidc_provider) on a loopback port, one per test run."""
    from tests.oidc_provider.harness import start_provider, stop_provider

    provider = start_provider(tmp_path_factory.mktemp("oidc-provider"))
    provider.register_client(
        redirect_uris=[
            "http://testserver/sign-in/company/callback/",
            # The e2e live server: any port on localhost (RFC 8252 loopback).
            "http://localhost/sign-in/company/callback/",
        ],
        post_logout_redirect_uris=["http://testserver/", "http://localhost/"],
    )
    yield provider
    stop_provider(provider)


@pytest.fixture
def company_sign_in(settings, oidc_provider):
    """Company sign-in configured against the test provider (as the OIDC_* variables would)."""
    from tests.oidc_provider.harness import CLIENT_ID, CLIENT_SECRET

    settings.OIDC_ISSUER = oidc_provider.issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.STORYWERK_OIDC_COMPANY_NAME = "Acme Insurance"
    settings.STORYWERK_OIDC_ROLE_GROUPS = {
        "Coaches": ["storywerk-coaches"],
        "Editors": ["storywerk-editors"],
        "Agency coaches": ["storywerk-agency"],
    }
    for name in ("SECURE_CSP", "STORYWERK_ADMIN_CSP"):
        policy = dict(getattr(settings, name))
        policy["form-action"] = [*policy["form-action"], oidc_provider.base_url]
        setattr(settings, name, policy)
    return oidc_provider
