"""Sitemap and feeds from the shared cache (cms/document_cache.py), renewed by each publish."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms import sitemap as cms_sitemap
from cms.document_cache import HIT_HEADER
from stories.models import Audience
from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db

DOCUMENTS = ["/sitemap.xml", "/stories/feed/", "/stories/feed/atom/"]


@pytest.fixture(params=["locmem", "file"])
def document_cache(request, settings, tmp_path):
    """The cache on, in memory and as `make run` has it without Redis (a shared directory)."""
    settings.STORYWERK_DOCUMENT_CACHE_ENABLED = True
    settings.LANGUAGE_CODE = "de"
    if request.param == "file":
        settings.CACHES = {
            **settings.CACHES,
            "default": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(tmp_path / "cache"),
            },
        }


def fetch(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(captured)


@pytest.mark.parametrize("url", DOCUMENTS)
def test_second_request_is_served_from_the_cache_whatever_the_number_of_stories(
    client, author, document_cache, url
):
    StoryPageFactory(owner=author)
    first, _ = fetch(client, url)
    assert first[HIT_HEADER] == "miss"
    cached, few = fetch(client, url)
    assert cached[HIT_HEADER] == "hit"
    assert cached.content == first.content
    assert cached["Content-Type"] == first["Content-Type"]
    for _ in range(15):
        StoryPageFactory(owner=author)
    fetch(client, url)
    cached, many = fetch(client, url)
    assert cached[HIT_HEADER] == "hit"
    assert many == few == 0


@pytest.mark.parametrize("url", DOCUMENTS)
def test_a_publish_shows_up_at_once_and_an_unpublish_is_gone_at_once(
    client, author, document_cache, url
):
    StoryPageFactory(owner=author, title="Already out")
    fetch(client, url)
    assert fetch(client, url)[0][HIT_HEADER] == "hit"
    story = StoryPageFactory(owner=author, title="Fresh", slug="fresh-off", live=False)
    assert b"fresh-off" not in fetch(client, url)[0].content
    story.get_latest_revision().publish()
    response, _ = fetch(client, url)
    assert response[HIT_HEADER] == "miss"
    assert b"fresh-off" in response.content
    story.refresh_from_db()
    story.unpublish()
    assert b"fresh-off" not in fetch(client, url)[0].content


def test_a_publish_shows_up_in_search_at_once(client, author, document_cache):
    story = StoryPageFactory(owner=author, title="Forklift ballet", slug="forklift", live=False)
    assert b"/forklift/" not in client.get("/search/?q=forklift").content
    story.get_latest_revision().publish()
    assert b"/forklift/" in client.get("/search/?q=forklift").content


def test_internal_stories_never_reach_the_cached_documents(client, author, document_cache):
    StoryPageFactory(owner=author, slug="inside-only", audience=Audience.INTERNAL)
    client.force_login(author)
    for url in DOCUMENTS:
        client.get(url)
        assert b"inside-only" not in client.get(url).content


def test_unknown_parameters_bypass_the_cache(client, author, document_cache):
    StoryPageFactory(owner=author)
    response = client.get("/stories/feed/?junk=1")
    assert response.status_code == 200
    assert HIT_HEADER not in response


def test_past_one_file_of_urls_the_sitemap_is_an_index_of_its_files(
    client, author, document_cache, monkeypatch
):
    # Two stories per file (one URL per language each) instead of 10,000 URLs.
    monkeypatch.setattr(cms_sitemap, "MAX_URLS_PER_FILE", 4)
    for n in range(5):
        StoryPageFactory(owner=author, slug=f"indexed-{n}")
    index = client.get("/sitemap.xml").content.decode()
    assert "<sitemapindex" in index
    assert "/sitemap-wagtail.xml?p=2" in index
    listed = ""
    for page in (1, 2, 3, 4):
        response = client.get(f"/sitemap-wagtail.xml?p={page}")
        if response.status_code == 404:
            break
        listed += response.content.decode()
    assert all(f"/indexed-{n}/" in listed for n in range(5))
    assert client.get("/sitemap-other.xml").status_code == 404


def test_search_ranking_kept_for_employees_never_reaches_anonymous_readers(
    client, author, document_cache
):
    StoryPageFactory(owner=author, title="Harbour open", slug="harbour-open")
    StoryPageFactory(
        owner=author, title="Harbour inside", slug="harbour-inside", audience=Audience.INTERNAL
    )
    client.force_login(author)
    assert b"/harbour-inside/" in client.get("/search/?q=harbour").content
    client.logout()
    html = client.get("/search/?q=harbour").content
    assert b"/harbour-open/" in html
    assert b"/harbour-inside/" not in html


def test_search_queries_do_not_grow_with_the_number_of_matches(client, author, document_cache):
    for n in range(3):
        StoryPageFactory(owner=author, title=f"Forklift {n}")
    client.get("/search/?q=forklift")
    with CaptureQueriesContext(connection) as few:
        client.get("/search/?q=forklift")
    for n in range(25):
        StoryPageFactory(owner=author, title=f"Forklift more {n}")
    client.get("/search/?q=forklift")
    with CaptureQueriesContext(connection) as many:
        response = client.get("/search/?q=forklift")
    assert response.content.count(b"Forklift") >= 20
    assert len(many) <= len(few)


def test_search_ranks_a_title_match_above_a_body_mention(client, author):
    StoryPageFactory(owner=author, title="Quarterly numbers", slug="body-only", teaser="crane")
    StoryPageFactory(owner=author, title="The crane crane crane", slug="in-title")
    html = client.get("/search/?q=crane").content.decode()
    assert "/in-title/" in html
    if "/body-only/" in html:
        assert html.index("/in-title/") < html.index("/body-only/")
