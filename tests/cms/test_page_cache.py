"""The anonymous full-page cache: what it stores, whom it serves, and purging on changes."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import path

from cms.page_cache import HIT_HEADER, AnonymousPageCacheMiddleware, purge_paths
from stories.models import Audience, StoryIndexPage, StoryPage
from stories.signals import readership_flushed
from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.STORYWERK_PAGE_CACHE_ENABLED = True


def cache_state(client, url, **extra):
    response = client.get(url, **extra)
    return response.status_code, response.get(HIT_HEADER)


def test_second_anonymous_request_is_a_hit_with_zero_queries(
    client, author, django_assert_num_queries
):
    story = StoryPageFactory(owner=author, title="Cached story")
    assert cache_state(client, story.url) == (200, "miss")
    with django_assert_num_queries(0):
        response = client.get(story.url)
    assert response[HIT_HEADER] == "hit"
    assert b"Cached story" in response.content
    assert response["Content-Type"].startswith("text/html")


def test_edit_is_visible_right_after_publishing(client, author, editor):
    story = StoryPageFactory(owner=author, title="First title")
    client.get(story.url)
    client.get("/stories/")
    assert cache_state(client, story.url)[1] == "hit"

    story = StoryPage.objects.get(pk=story.pk)
    story.title = "Corrected title"
    story.save_revision(user=editor).publish(user=editor)

    response = client.get(story.url)
    assert b"Corrected title" in response.content
    assert response[HIT_HEADER] == "miss"
    assert b"Corrected title" in client.get("/stories/").content


def test_a_draft_save_does_not_change_what_readers_get(client, author):
    story = StoryPageFactory(owner=author, title="Live title")
    client.get(story.url)
    story = StoryPage.objects.get(pk=story.pk)
    story.title = "Draft title"
    story.save_revision(user=author)
    response = client.get(story.url)
    assert b"Live title" in response.content


def test_unpublishing_purges_the_story_and_its_listings(client, author):
    story = StoryPageFactory(owner=author, title="Soon gone")
    client.get(story.url)
    assert b"Soon gone" in client.get("/stories/").content
    story.unpublish()
    assert client.get(story.url).status_code == 404
    assert b"Soon gone" not in client.get("/stories/").content


def test_publishing_purges_the_author_page(client, author):
    profile = author.author_profile
    profile.profile_visibility = "public"
    profile.save()
    url = profile.get_absolute_url()
    assert b"Brand new story" not in client.get(url).content
    assert cache_state(client, url)[1] == "hit"
    StoryPageFactory(owner=author, title="Brand new story")
    assert b"Brand new story" in client.get(url).content


def test_deleting_a_story_purges_it(client, author):
    story = StoryPageFactory(owner=author)
    url = story.url
    client.get(url)
    client.get("/stories/")
    story.delete()
    assert client.get(url).status_code == 404


def test_moving_a_story_purges_old_and_new_urls(client, author):
    story = StoryPageFactory(owner=author, slug="old-place")
    index = StoryIndexPage.objects.get()
    client.get(story.url)
    # Wagtail's move action also fires post_page_move; a slug change is the same purge path.
    from wagtail.signals import post_page_move

    post_page_move.send(
        sender=StoryPage,
        instance=story,
        parent_page_before=index,
        parent_page_after=index,
        url_path_before=story.url_path,
        url_path_after=story.url_path,
    )
    assert cache_state(client, story.url)[1] == "miss"


def test_logged_in_readers_never_get_or_fill_the_cache(client, author, author2):
    story = StoryPageFactory(owner=author, title="Shared story")
    client.get(story.url)  # anonymous fills the cache
    client.force_login(author2)
    status, state = cache_state(client, story.url)
    assert status == 200
    assert state is None  # neither a hit nor stored
    client.logout()
    # A logged-in render must not have replaced the anonymous entry.
    assert cache_state(client, story.url)[1] == "hit"


def test_a_session_cookie_alone_bypasses_the_cache(client, author):
    story = StoryPageFactory(owner=author)
    client.get(story.url)
    client.cookies["sessionid"] = "anything"
    assert cache_state(client, story.url)[1] is None


def test_internal_stories_are_never_cached(client, author, author2):
    story = StoryPageFactory(owner=author, audience=Audience.INTERNAL, title="Internal only")
    assert cache_state(client, story.url) == (302, None)
    client.force_login(author2)
    assert cache_state(client, story.url) == (200, None)
    client.logout()
    assert cache_state(client, story.url) == (302, None)


def test_internal_story_page_object_refuses_the_cache():
    assert StoryPage(audience=Audience.INTERNAL).cacheable_for_anonymous is False
    assert StoryPage(audience=Audience.PUBLIC).cacheable_for_anonymous is True


def test_pages_with_a_csrf_form_are_not_cached(client):
    # The login page embeds this reader's CSRF token; it is also an excluded prefix.
    assert cache_state(client, "/login/")[1] is None


def test_admin_previews_and_post_requests_are_never_cached(client, author):
    story = StoryPageFactory(owner=author)
    assert cache_state(client, "/admin/")[1] is None
    assert client.post(story.url).get(HIT_HEADER) is None


def test_not_found_pages_are_not_cached(client):
    assert cache_state(client, "/no-such-page/") == (404, None)
    assert cache_state(client, "/no-such-page/") == (404, None)


def test_language_is_part_of_the_key(client, author):
    # The URL decides the language (i18n_patterns), so the browser's Accept-Language does not.
    story = StoryPageFactory(owner=author, slug="both")
    client.get("/stories/both/", HTTP_ACCEPT_LANGUAGE="de")
    assert cache_state(client, "/stories/both/", HTTP_ACCEPT_LANGUAGE="en")[1] == "hit"
    assert cache_state(client, "/en/stories/both/", HTTP_ACCEPT_LANGUAGE="de")[1] == "miss"
    assert cache_state(client, "/en/stories/both/", HTTP_ACCEPT_LANGUAGE="en")[1] == "hit"
    assert story.live


def test_query_strings_are_separate_entries_purged_together(client, author):
    StoryPageFactory(owner=author)
    client.get("/stories/?page=1")
    assert cache_state(client, "/stories/")[1] == "miss"
    assert cache_state(client, "/stories/?page=1")[1] == "hit"
    purge_paths(["/stories/"])
    assert cache_state(client, "/stories/?page=1")[1] == "miss"


def test_flushed_readership_purges_most_read(client):
    purge_paths(["/most-read/"])
    from django.core.cache import cache

    from cms.page_cache import generation_key

    before = cache.get(generation_key("/most-read/"))
    readership_flushed.send(sender=None, stories=[1])
    assert cache.get(generation_key("/most-read/")) != before


def test_profile_change_purges_the_authors_stories(client, author):
    story = StoryPageFactory(owner=author)
    client.get(story.url)
    profile = author.author_profile
    profile.display_name = "New Byline"
    profile.save()
    response = client.get(story.url)
    assert b"New Byline" in response.content


def test_disabled_cache_stores_nothing(client, author, settings):
    settings.STORYWERK_PAGE_CACHE_ENABLED = False
    story = StoryPageFactory(owner=author)
    client.get(story.url)
    assert cache_state(client, story.url)[1] is None


# Plain views exercising the response rules in isolation.
def _sets_cookie(request):
    response = HttpResponse("hello")
    response.set_cookie("flavour", "oat")
    return response


def _plain(request):
    return HttpResponse("plain")


def _private(request):
    response = HttpResponse("private")
    response["Cache-Control"] = "private"
    return response


urlpatterns = [
    path("cookie/", _sets_cookie),
    path("plain/", _plain),
    path("private/", _private),
]


@override_settings(ROOT_URLCONF=__name__)
def test_responses_that_set_cookies_are_not_cached(client):
    assert cache_state(client, "/cookie/") == (200, None)
    assert cache_state(client, "/cookie/") == (200, None)
    assert cache_state(client, "/plain/")[1] == "miss"
    assert cache_state(client, "/plain/")[1] == "hit"


@override_settings(ROOT_URLCONF=__name__)
def test_private_responses_are_not_cached(client):
    assert cache_state(client, "/private/") == (200, None)
    assert cache_state(client, "/private/") == (200, None)


def test_requests_with_authorization_header_bypass():
    middleware = AnonymousPageCacheMiddleware(lambda request: HttpResponse("x"))
    request = RequestFactory().get("/plain/", HTTP_AUTHORIZATION="Basic abc")
    assert middleware(request).get(HIT_HEADER) is None


def test_publishing_purges_the_feeds_and_the_authors_feed(client, author):
    profile = author.author_profile
    profile.profile_visibility = "public"
    profile.save()
    StoryPageFactory(owner=author, title="Older story")
    author_feed = f"/stories/feed/authors/{profile.slug}/"
    for url in ("/stories/feed/", author_feed):
        client.get(url)
        assert cache_state(client, url)[1] == "hit"
    StoryPageFactory(owner=author, title="Fresh off the press")
    for url in ("/stories/feed/", author_feed):
        assert b"Fresh off the press" in client.get(url).content


def test_most_read_is_served_from_the_cache_for_anonymous_readers(client):
    assert cache_state(client, "/most-read/") == (200, "miss")
    assert cache_state(client, "/most-read/") == (200, "hit")


# --- query strings: tracking parameters, unknown parameters -----------------------------------


def page_entries():
    """How many pages the cache holds (locmem in the SQLite pass, Redis in the other)."""
    from django.core.cache import cache

    local = getattr(cache, "_cache", None)
    if local is not None:
        return sum(":pagecache:page:" in key for key in local)
    from django_redis import get_redis_connection

    return sum(1 for _ in get_redis_connection("default").scan_iter(match="*pagecache:page:*"))


def test_500_campaign_links_are_hits_on_one_entry_and_add_no_keys(client, author):
    story = StoryPageFactory(owner=author)
    assert cache_state(client, story.url)[1] == "miss"
    entries = page_entries()
    for n in range(500):
        assert cache_state(client, f"{story.url}?utm_x={n}")[1] == "hit"
    assert (
        cache_state(client, f"{story.url}?utm_source=nl&utm_medium=mail&fbclid=a1&gclid=b2")[1]
        == "hit"
    )
    assert cache_state(client, f"{story.url}?src=linkedin&mc_eid=42")[1] == "hit"
    assert page_entries() == entries


def test_a_campaign_link_first_fills_the_entry_everyone_gets(client, author):
    story = StoryPageFactory(owner=author)
    assert cache_state(client, f"{story.url}?utm_campaign=launch&src=newsletter")[1] == "miss"
    assert cache_state(client, story.url)[1] == "hit"


def test_unknown_parameters_bypass_the_cache(client, author):
    story = StoryPageFactory(owner=author)
    entries = page_entries()
    for n in range(20):
        response = client.get(f"{story.url}?x{n}=1")
        assert response.status_code == 200
        assert HIT_HEADER not in response
    assert page_entries() == entries
    # A known parameter repeated, or with a value no page uses, bypasses it too.
    assert cache_state(client, "/stories/?page=1&page=2") == (200, None)
    assert cache_state(client, "/stories/?topic=%3Cscript%3E") == (200, None)


def test_parameters_pages_use_stay_in_the_key(client, author):
    StoryPageFactory(owner=author)
    for url in ("/stories/?page=2", "/stories/?topic=x&department=y", "/en/storytellers/?level=a"):
        assert cache_state(client, url)[1] in ("miss", None)
        assert cache_state(client, url)[1] in ("hit", None)
    assert cache_state(client, "/stories/?department=y&topic=x&utm_id=9")[1] == "hit"
    assert cache_state(client, "/stories/?page=3")[1] == "miss"


def test_tracking_parameters_do_not_change_the_page(client, author, settings):
    settings.STORYWERK_PAGE_CACHE_ENABLED = False
    story = StoryPageFactory(owner=author)
    plain = client.get(story.url).content
    tracked = client.get(f"{story.url}?utm_source=x&src=linkedin&fbclid=1").content
    assert tracked == plain
    assert b"utm_source" not in tracked
    assert b"src=linkedin" not in tracked


def test_a_cached_page_still_gives_the_beacon_its_source(client, author):
    """The script reads ?src= from the address bar, so the shared HTML needs not carry it."""
    from django.contrib.staticfiles import finders

    story = StoryPageFactory(owner=author)
    client.get(story.url)
    response = client.get(f"{story.url}?src=newsletter")
    assert response[HIT_HEADER] == "hit"
    assert b"/static/js/readership.js" in response.content
    script = open(finders.find("js/readership.js")).read()  # noqa: PTH123, SIM115
    assert "window.location.search" in script
    assert 'body.set("src", pageParams.get("src"))' in script
