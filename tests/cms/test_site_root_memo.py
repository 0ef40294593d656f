"""Wagtail's site root paths: one cache read per GET request (cms/site_root_memo.py)."""

from unittest import mock

import pytest
from wagtail.models import sites

from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def root_path_reads(monkeypatch):
    """Counts the reads of Wagtail's cached site root paths."""
    reads = []
    real_get = sites.cache.get

    def counting_get(key, *args, **kwargs):
        if key == sites.SITE_ROOT_PATHS_CACHE_KEY:
            reads.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(sites.cache, "get", counting_get)
    return reads


@pytest.mark.parametrize("url", ["/stories/feed/", "/stories/", "/search/?q=story"])
def test_a_page_reads_the_site_root_paths_once_however_many_urls_it_builds(
    client, author, root_path_reads, url
):
    for _ in range(12):
        StoryPageFactory(owner=author)
    client.get(url)
    root_path_reads.clear()
    assert client.get(url).status_code == 200
    assert len(root_path_reads) <= 1


def test_outside_a_request_every_call_reads_the_cache(root_path_reads):
    for _ in range(3):
        assert sites.Site.get_site_root_paths()
    assert len(root_path_reads) == 3


def test_a_site_saved_during_a_request_is_seen_at_once(client, settings):
    from cms import site_root_memo

    site_root_memo.start(None, environ={"REQUEST_METHOD": "GET"})
    try:
        site = sites.Site.objects.get(is_default_site=True)
        before = sites.Site.get_site_root_paths()[0].root_url
        site.hostname = "stories.example.org"
        site.port = 443
        site.save()
        after = sites.Site.get_site_root_paths()[0].root_url
    finally:
        site_root_memo.end()
    assert before != after
    assert after == "https://stories.example.org"


def test_post_requests_are_not_memoized():
    from cms import site_root_memo

    site_root_memo.start(None, environ={"REQUEST_METHOD": "POST"})
    with mock.patch.object(site_root_memo, "_original", return_value=["x"]) as original:
        site_root_memo.get_site_root_paths()
        site_root_memo.get_site_root_paths()
    site_root_memo.end()
    assert original.call_count == 2
