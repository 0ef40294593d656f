"""sitemap.xml (cms/sitemap.py): Wagtail's sitemap URLs, in a fixed number of queries."""

import pytest
from django.contrib.sites.requests import RequestSite
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from authors.models import ProfileVisibility
from cms.sitemap import StorywerkSitemap, under_restriction
from stories.models import Audience, StoryIndexPage, StoryPage
from tests.factories import AuthorFactory, StoryPageFactory

pytestmark = pytest.mark.django_db


def sitemap_queries(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return len(captured), response.content.decode()


def add_stories(owner, public, internal):
    for _ in range(public):
        StoryPageFactory(owner=owner)
    for _ in range(internal):
        StoryPageFactory(owner=owner, audience=Audience.INTERNAL)


def test_sitemap_queries_do_not_grow_with_the_number_of_stories(client, author):
    add_stories(author, public=2, internal=1)
    few, _xml = sitemap_queries(client)
    add_stories(author, public=20, internal=10)
    many, xml = sitemap_queries(client)
    assert xml.count("<url>") >= 22
    assert many <= few


def test_sitemap_lists_each_story_as_wagtail_would(rf, author):
    story = StoryPageFactory(owner=author, slug="grüße-aus-dem-lager")
    request = rf.get("/sitemap.xml")
    urls = StorywerkSitemap(request).get_urls(page=1, site=RequestSite(request))
    wagtail_entry = story.get_sitemap_urls(request)[0]
    # Wagtail's entry, with the hreflang alternates of every language added.
    ours = next(url for url in urls if url["location"] == wagtail_entry["location"])
    assert {key: ours[key] for key in wagtail_entry} == wagtail_entry


def test_sitemap_leaves_out_internal_stories_and_restricted_pages(client, author):
    public = StoryPageFactory(owner=author, slug="open-story")
    StoryPageFactory(owner=author, slug="inside-story", audience=Audience.INTERNAL)
    locked = StoryPageFactory(owner=author, slug="locked-story")
    PageViewRestriction.objects.create(page=locked, restriction_type=PageViewRestriction.LOGIN)
    xml = client.get("/sitemap.xml").content.decode()
    assert public.full_url in xml
    assert "inside-story" not in xml
    assert "locked-story" not in xml


def test_a_restriction_on_the_story_index_hides_every_story_below_it(client, author):
    StoryPageFactory(owner=author, slug="open-story")
    index = StoryIndexPage.objects.get()
    PageViewRestriction.objects.create(page=index, restriction_type=PageViewRestriction.LOGIN)
    xml = client.get("/sitemap.xml").content.decode()
    assert "open-story" not in xml
    assert index.full_url not in xml
    assert Page.objects.get(depth=2).full_url in xml  # the home page stays


def test_under_restriction_matches_the_page_and_its_ancestors_only():
    restricted = {"00010002"}
    assert under_restriction("00010002", restricted)
    assert under_restriction("000100020005", restricted)
    assert not under_restriction("00010003", restricted)
    assert not under_restriction("0001", restricted)


def test_stories_are_listed_without_building_their_page_objects(client, author, monkeypatch):
    story = StoryPageFactory(owner=author)

    def refuse(self, request=None):
        raise AssertionError("the sitemap built a StoryPage object")

    monkeypatch.setattr(StoryPage, "get_sitemap_urls", refuse)
    assert story.full_url in client.get("/sitemap.xml").content.decode()


def test_sitemap_lists_both_languages_with_hreflang_alternates(client, author):
    story = StoryPageFactory(owner=author, slug="open-story")
    xml = client.get("/sitemap.xml").content.decode()
    german, english = story.full_url, story.full_url.replace("/stories/", "/en/stories/", 1)
    assert f"<loc>{german}</loc>" in xml and f"<loc>{english}</loc>" in xml
    assert f'hreflang="en" href="{english}"' in xml
    assert f'hreflang="x-default" href="{german}"' in xml


def test_sitemap_lists_public_author_pages_only(client):
    shown = AuthorFactory(username="shown", profile__profile_visibility=ProfileVisibility.PUBLIC)
    quiet = {
        visibility: AuthorFactory(username=visibility, profile__profile_visibility=visibility)
        for visibility in (ProfileVisibility.INTERNAL, ProfileVisibility.HIDDEN)
    }
    gone = AuthorFactory(username="gone", profile__profile_visibility=ProfileVisibility.PUBLIC)
    gone.is_active = False
    gone.save()
    xml = client.get("/sitemap.xml").content.decode()
    assert f"/authors/{shown.author_profile.slug}/</loc>" in xml
    for person in [*quiet.values(), gone]:
        assert f"/authors/{person.author_profile.slug}/" not in xml
