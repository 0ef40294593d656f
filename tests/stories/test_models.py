import pytest
from wagtail.models import Page

from authors.models import AuthorIndexPage
from cms.models import HomePage
from stories.models import Audience, StoryIndexPage, StoryPage
from tests.factories import AuthorProfileFactory, ImageFactory, StoryPageFactory, story_body

pytestmark = pytest.mark.django_db


def test_page_type_rules():
    home = HomePage.objects.get()
    index = StoryIndexPage.objects.get()
    assert StoryPage.can_create_at(index)
    assert not StoryPage.can_create_at(home)
    # Only one story index and one storytellers index may exist.
    assert not StoryIndexPage.can_create_at(home)
    assert not AuthorIndexPage.can_create_at(home)
    assert StoryIndexPage.allowed_subpage_models() == [StoryPage]
    assert StoryPage.allowed_subpage_models() == []
    assert not HomePage.can_create_at(Page.objects.get(depth=1))


def test_reading_time_is_derived_from_the_body(author):
    short = StoryPageFactory(owner=author, body=story_body(words=50))
    long = StoryPageFactory(owner=author, body=story_body(words=1000))
    assert short.reading_minutes == 1
    assert long.reading_minutes == 6


def test_byline_is_the_owner_then_the_co_authors_in_order(author):
    first, second = AuthorProfileFactory(), AuthorProfileFactory()
    story = StoryPageFactory(owner=author, co_authors=[second, first])
    assert story.byline_profiles() == [author.author_profile, second, first]


def test_by_author_finds_owned_and_co_authored_stories(author, author2):
    owned = StoryPageFactory(owner=author)
    co_authored = StoryPageFactory(owner=author2, co_authors=[author.author_profile])
    StoryPageFactory(owner=author2)
    found = set(StoryPage.objects.by_author(author.author_profile))
    assert found == {owned, co_authored}


def test_listable_for_hides_internal_and_drafts_from_anonymous(author, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    public = StoryPageFactory(owner=author)
    internal = StoryPageFactory(owner=author, audience=Audience.INTERNAL)
    StoryPageFactory(owner=author, live=False)
    assert set(StoryPage.objects.listable_for(AnonymousUser())) == {public}
    assert set(StoryPage.objects.listable_for(author)) == {public, internal}
    author.is_active = False
    assert set(StoryPage.objects.listable_for(author)) == {public}


def test_hero_image_needs_alt_text(author):
    from django.core.exceptions import ValidationError

    image = ImageFactory(alt_text="")
    story = StoryPageFactory(owner=author, live=False)
    story.hero_image = image
    with pytest.raises(ValidationError) as error:
        story.full_clean()
    assert "hero_image_alt" in error.value.message_dict
    story.hero_image_alt = "Two engineers at a switch cabinet"
    story.full_clean()


def test_internal_stories_are_not_in_the_sitemap(author, client):
    public = StoryPageFactory(owner=author, slug="open-story")
    StoryPageFactory(owner=author, slug="secret-story", audience=Audience.INTERNAL)
    StoryPageFactory(owner=author, slug="draft-story", live=False)
    content = client.get("/sitemap.xml").content.decode()
    assert public.full_url in content
    assert "secret-story" not in content
    assert "draft-story" not in content


def test_embed_block_accepts_only_allowlisted_https_hosts():
    from wagtail.blocks import StructBlockValidationError

    from stories.blocks import IframeEmbedBlock

    block = IframeEmbedBlock()
    ok = block.to_python({"url": "https://www.youtube-nocookie.com/embed/abc", "title": "Video"})
    block.clean(ok)
    for url in ("https://evil.example/embed", "http://www.youtube-nocookie.com/embed/abc"):
        with pytest.raises(StructBlockValidationError):
            block.clean(block.to_python({"url": url, "title": "Video"}))
