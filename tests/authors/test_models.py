import pytest

from authors.models import AuthorProfile, ProfileVisibility
from tests.factories import AuthorProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_profile_slug_is_unique_and_derived_from_the_name():
    first = AuthorProfileFactory(display_name="Anna Berger")
    second = AuthorProfileFactory(display_name="Anna Berger")
    assert first.slug == "anna-berger"
    assert second.slug == "anna-berger-2"


def test_defaults_protect_privacy():
    profile = AuthorProfile.objects.create(user=UserFactory(), display_name="New Person")
    assert profile.profile_visibility == ProfileVisibility.INTERNAL
    assert profile.show_on_leaderboards is False


def test_author_page_url_lives_under_the_storytellers_index():
    profile = AuthorProfileFactory(display_name="Ben Okafor")
    assert profile.get_absolute_url() == "/authors/ben-okafor/"
