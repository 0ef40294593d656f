"""The public site's language lives in the URL; the admin follows each user's preference."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation
from wagtail.users.models import UserProfile

from stories.models import Audience
from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9,de;q=0.5"}
GERMAN_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9,en;q=0.5"}


def vary(response):
    return {value.strip().lower() for value in response.get("Vary", "").split(",") if value}


def test_german_is_served_without_a_prefix_and_english_under_en(client):
    german = client.get("/stories/")
    english = client.get("/en/stories/")
    assert german.status_code == english.status_code == 200
    assert '<html lang="de">' in german.content.decode()
    assert "Geschichten filtern" in german.content.decode()
    assert '<html lang="en">' in english.content.decode()
    assert "Filter stories" in english.content.decode()
    assert german["Content-Language"] == "de"
    assert english["Content-Language"] == "en"


def test_default_language_comes_from_the_setting(client, english_default_language):
    assert "Filter stories" in client.get("/stories/").content.decode()
    assert "Geschichten filtern" in client.get("/de/stories/").content.decode()
    assert client.get("/en/stories/").status_code == 404


def test_story_and_author_pages_resolve_in_both_languages(client, author):
    story = StoryPageFactory(owner=author, slug="zweisprachig")
    with translation.override("de"):
        assert story.url == "/stories/zweisprachig/"
        profile_url = author.author_profile.get_absolute_url()
    with translation.override("en"):
        # Page URLs follow the active language (Wagtail reverses `wagtail_serve`).
        assert story.url == "/en/stories/zweisprachig/"
        assert author.author_profile.get_absolute_url() == f"/en{profile_url}"
    assert client.get("/stories/zweisprachig/").status_code == 200
    assert client.get("/en/stories/zweisprachig/").status_code == 200
    assert client.get(profile_url).status_code == 200
    assert client.get(f"/en{profile_url}").status_code == 200


def test_links_on_a_page_stay_in_its_language(client, author):
    StoryPageFactory(owner=author, slug="link-me")
    html = client.get("/en/stories/").content.decode()
    assert 'href="/en/stories/link-me/"' in html
    assert 'href="/en/authors/"' in html
    assert 'href="/en/login/"' in html
    german = client.get("/stories/").content.decode()
    assert 'href="/stories/link-me/"' in german
    assert 'href="/login/"' in german


def test_language_switch_links_to_the_same_page_in_each_language(client):
    html = client.get("/en/stories/?topic=quality").content.decode()
    assert '<a href="/stories/?topic=quality" hreflang="de" lang="de">Deutsch</a>' in html
    assert (
        '<a href="/en/stories/?topic=quality" hreflang="en" lang="en" aria-current="true">'
        "English</a>" in html
    )
    # hreflang alternates name the page itself (as the canonical link does), on the public
    # address (the default Site), not the address the request came in on.
    assert '<link rel="alternate" hreflang="de" href="http://localhost/stories/">' in html


def test_visitor_arriving_at_the_root_lands_in_their_browser_language(client):
    response = client.get("/?utm=x", headers={"Sec-Fetch-Site": "none"}, **ENGLISH_BROWSER)
    assert response.status_code == 302
    assert response["Location"] == "/en/?utm=x"
    assert {"accept-language", "sec-fetch-site"} <= vary(response)

    german = client.get("/", headers={"Sec-Fetch-Site": "cross-site"}, **GERMAN_BROWSER)
    assert german.status_code == 200
    assert '<html lang="de">' in german.content.decode()
    assert "accept-language" in vary(german)


def test_navigating_to_the_german_home_inside_the_site_is_not_redirected(client):
    # A reader with an English browser picked "Deutsch" (or clicked the logo on a German page).
    by_fetch_metadata = client.get(
        "/", headers={"Sec-Fetch-Site": "same-origin"}, **ENGLISH_BROWSER
    )
    assert by_fetch_metadata.status_code == 200
    by_referer = client.get("/", headers={"Referer": "http://testserver/en/"}, **ENGLISH_BROWSER)
    assert by_referer.status_code == 200
    from_elsewhere = client.get(
        "/", headers={"Referer": "https://intranet.example/"}, **ENGLISH_BROWSER
    )
    assert from_elsewhere.status_code == 302


def test_browser_language_does_not_change_any_other_page(client, author):
    story = StoryPageFactory(owner=author)
    for path in ("/stories/", story.url, "/authors/", "/login/"):
        response = client.get(path, headers={"Sec-Fetch-Site": "none"}, **ENGLISH_BROWSER)
        assert response.status_code == 200, path
        assert response["Content-Language"] == "de"
        # The URL alone decides the language, so caches need not split on the browser's.
        assert "accept-language" not in vary(response), path


def test_non_page_urls_stay_outside_the_language_prefix(client, admin_user):
    assert client.get("/healthz").status_code == 200
    assert client.get("/en/healthz", follow=True).status_code == 404
    assert client.get("/sitemap.xml").status_code == 200
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200
    assert client.get("/en/admin/").status_code == 404


def test_internal_story_sends_readers_to_log_in_in_their_language(client, author):
    StoryPageFactory(owner=author, slug="inside", audience=Audience.INTERNAL)
    german = client.get("/stories/inside/")
    assert german["Location"] == "/login/?next=/stories/inside/"
    english = client.get("/en/stories/inside/")
    assert english["Location"] == "/en/login/?next=/en/stories/inside/"
    login_page = client.get(english["Location"]).content.decode()
    assert "Password" in login_page and '<html lang="en">' in login_page


def test_logging_out_returns_to_the_home_page_in_the_readers_language(client, author):
    client.force_login(author)
    html = client.get("/en/stories/").content.decode()
    assert '<input type="hidden" name="next" value="/en/">' in html
    response = client.post("/logout/", {"next": "/en/"})
    assert response["Location"] == "/en/"


@pytest.mark.parametrize(("preference", "expected"), [("en", "Search"), ("de", "Suche")])
def test_admin_follows_each_users_language_preference(client, editor, preference, expected):
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = preference
    profile.save()
    client.force_login(editor)
    html = client.get("/admin/", **(GERMAN_BROWSER if preference == "en" else ENGLISH_BROWSER))
    assert f'<html lang="{preference}"' in html.content.decode()
    assert expected in html.content.decode()


def test_admin_without_a_preference_uses_the_site_default(client, editor):
    client.force_login(editor)
    html = client.get("/admin/", **ENGLISH_BROWSER).content.decode()
    assert '<html lang="de"' in html


def test_dates_on_story_pages_are_localised(client, author):
    story = StoryPageFactory(owner=author, slug="dated")
    published = timezone.make_aware(datetime.datetime(2026, 3, 5, 10, 0))
    type(story).objects.filter(pk=story.pk).update(first_published_at=published)
    assert "5. März 2026" in client.get("/stories/dated/").content.decode()
    assert "March 5, 2026" in client.get("/en/stories/dated/").content.decode()


def test_counts_are_grouped_per_language():
    template = Template("{% load humanize %}{{ count|intcomma }}")
    with translation.override("de"):
        assert template.render(Context({"count": 12345})) == "12.345"
    with translation.override("en"):
        assert template.render(Context({"count": 12345})) == "12,345"


def test_reading_time_is_pluralised_in_german(client, author):
    StoryPageFactory(owner=author, slug="short")
    assert "1 Minute Lesezeit" in client.get("/stories/short/").content.decode()
    assert "1 minute read" in client.get("/en/stories/short/").content.decode()


def test_only_the_story_text_carries_the_story_language(client, author):
    StoryPageFactory(owner=author, slug="shift", title="Night shift", content_language="en")
    html = client.get("/stories/shift/").content.decode()
    # The byline and reading time around it are German page text, not English story text.
    assert '<h1 lang="en">Night shift</h1>' in html and 'class="story__body" lang="en"' in html
    article = html[html.index("<article") :]
    assert 'lang="en"' not in article[: article.index(">")]
    assert "Minute Lesezeit" in html


@pytest.fixture
def page_cache(settings):
    settings.STORYWERK_PAGE_CACHE_ENABLED = True


def test_page_cache_does_not_keep_english_browsers_landing_on_root_in_german(client, page_cache):
    # A reader who chose German inside the site gets (and caches) the German home page...
    inside = client.get("/", headers={"Sec-Fetch-Site": "same-origin"}, **ENGLISH_BROWSER)
    assert inside.status_code == 200
    assert client.get("/", headers={"Sec-Fetch-Site": "same-origin"})["X-Page-Cache"] == "hit"
    # ...and an English browser arriving from outside is still sent to the English home.
    arriving = client.get("/", headers={"Sec-Fetch-Site": "none"}, **ENGLISH_BROWSER)
    assert arriving.status_code == 302
    assert arriving["Location"] == "/en/"


def test_page_cache_entries_follow_the_url_not_the_browser_language(client, page_cache):
    assert client.get("/stories/", **ENGLISH_BROWSER)["X-Page-Cache"] == "miss"
    german_browser = client.get("/stories/", **GERMAN_BROWSER)
    assert german_browser["X-Page-Cache"] == "hit"
    assert "Geschichten filtern" in german_browser.content.decode()
    english = client.get("/en/stories/", **GERMAN_BROWSER)
    assert english["X-Page-Cache"] == "miss"
    assert "Filter stories" in english.content.decode()


def test_publishing_purges_the_page_in_every_language(client, page_cache, author, editor):
    client.get("/en/stories/")
    assert client.get("/en/stories/")["X-Page-Cache"] == "hit"
    with translation.override("en"):  # an editor whose admin is in English publishes
        StoryPageFactory(owner=author, title="Brand new story")
    english = client.get("/en/stories/")
    assert english["X-Page-Cache"] == "miss"
    assert "Brand new story" in english.content.decode()


def test_english_search_and_login_are_never_cached(client, page_cache):
    client.get("/en/search/?q=x")
    assert client.get("/en/search/?q=x").get("X-Page-Cache") is None
