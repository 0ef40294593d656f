"""What public pages tell search engines and link previews (cms/seo.py and its hooks)."""

import json
import re
from html.parser import HTMLParser

import pytest

from cms.models import PublicSiteSettings
from stories.models import Audience
from tests.factories import ImageFactory, StoryPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client, settings):
    settings.LANGUAGE_CODE = "de"
    return client


class Head(HTMLParser):
    """<meta> and <link> elements and the JSON-LD blocks of a page."""

    def __init__(self, html):
        super().__init__()
        self.meta, self.links = {}, []
        self.feed(html)
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        self.json_ld = [json.loads(block) for block in blocks]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            self.meta.setdefault(key, []).append(attrs.get("content"))
        elif tag == "link":
            self.links.append(attrs)

    def of_type(self, schema_type):
        return [block for block in self.json_ld if block.get("@type") == schema_type]

    def link(self, rel, **attrs):
        return [
            link["href"]
            for link in self.links
            if link.get("rel") == rel and all(link.get(k) == v for k, v in attrs.items())
        ]


def head(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return Head(response.content.decode())


@pytest.fixture
def team_story(people):
    co_authors = [people["colleague"].author_profile, people["hidden"].author_profile]
    return StoryPageFactory(
        owner=people["lead"],
        co_authors=co_authors,
        title="Night shift",
        teaser="How the line kept running.",
        hero_image=ImageFactory(),
        topics=["production"],
    )


def test_story_is_an_article_naming_each_public_author(client, team_story, people):
    page = head(client, team_story.url)
    [article] = page.of_type("Article")
    lead, colleague = people["lead"].author_profile, people["colleague"].author_profile
    assert article["headline"] == "Night shift"
    assert article["description"] == "How the line kept running."
    assert article["author"] == [
        {
            "@type": "Person",
            "name": lead.display_name,
            "url": f"http://localhost/authors/{lead.slug}/",
        },
        {"@type": "Person", "name": colleague.display_name},  # no public profile page: no URL
    ]
    assert article["publisher"]["@type"] == "Organization"
    assert article["publisher"]["logo"]["url"].startswith("http://localhost/static/img/logo")
    assert article["datePublished"] and article["dateModified"]
    assert article["image"][0].startswith("http://localhost/")
    assert article["keywords"] == "production"


def test_hidden_profile_is_named_nowhere_on_the_story(client, team_story, people):
    html = client.get(team_story.url).content.decode()
    assert people["hidden"].author_profile.display_name not in html


def test_story_has_open_graph_article_fields_and_breadcrumbs(client, team_story):
    page = head(client, team_story.url)
    # The story's own language (German by default), whatever the page's language.
    assert page.meta["og:locale"] == ["de_DE"] and page.meta["og:locale:alternate"] == ["en_GB"]
    assert head(client, "/en" + team_story.url).meta["og:locale"] == ["de_DE"]
    assert page.meta["article:tag"] == ["production"]
    assert page.meta["article:modified_time"][0]
    [crumbs] = page.of_type("BreadcrumbList")
    names = [item["name"] for item in crumbs["itemListElement"]]
    assert names == ["Storywerk", "Geschichten", "Night shift"]


def test_internal_story_says_nothing_to_search_engines(client, people, team_story):
    story = StoryPageFactory(owner=people["lead"], audience=Audience.INTERNAL)
    client.force_login(people["colleague"])
    page = head(client, story.url)
    assert page.meta["robots"] == ["noindex"]
    assert "og:title" not in page.meta and page.json_ld == []


def test_every_page_has_hreflang_alternates_with_x_default(client, team_story):
    page = head(client, "/en/stories/")
    assert page.link("alternate", hreflang="de") == ["http://localhost/stories/"]
    assert page.link("alternate", hreflang="en") == ["http://localhost/en/stories/"]
    assert page.link("alternate", hreflang="x-default") == ["http://localhost/stories/"]
    assert page.link("canonical") == ["http://localhost/en/stories/"]


@pytest.mark.parametrize("url", ["/", "/stories/", "/authors/", "/most-read/", "/en/"])
def test_listing_pages_have_a_description_canonical_and_open_graph(client, url):
    page = head(client, url)
    assert page.meta["description"][0]
    assert page.meta["og:title"][0] and page.meta["og:url"] == page.link("canonical")
    assert page.meta["twitter:card"] == ["summary"]
    assert page.link("alternate", type="application/rss+xml")
    assert page.link("alternate", type="application/atom+xml")


def test_site_description_comes_from_settings_in_the_page_language(client):
    settings_row = PublicSiteSettings.load()
    settings_row.description_de = "Geschichten aus dem Werk."
    settings_row.description_en = "Stories from the plant."
    settings_row.save()
    assert head(client, "/").meta["description"] == ["Geschichten aus dem Werk."]
    assert head(client, "/en/").meta["description"] == ["Stories from the plant."]
    assert head(client, "/").of_type("WebSite")


def test_english_feeds_are_linked_from_english_pages(client):
    page = head(client, "/en/stories/")
    assert page.link("alternate", type="application/rss+xml") == [
        "http://localhost/en/stories/feed/"
    ]


def test_author_page_is_a_profile_page_with_the_authors_feeds(client, people):
    profile = people["lead"].author_profile
    profile.bio = "Runs the night shift."
    profile.save()
    page = head(client, profile.get_absolute_url())
    [profile_page] = page.of_type("ProfilePage")
    assert profile_page["mainEntity"]["@type"] == "Person"
    assert profile_page["mainEntity"]["name"] == profile.display_name
    assert page.meta["description"] == ["Runs the night shift."]
    assert page.meta["og:type"] == ["profile"]
    feeds = page.link("alternate", type="application/rss+xml")
    assert f"http://localhost/stories/feed/authors/{profile.slug}/" in feeds


def test_colleagues_only_profile_page_is_not_indexed(client, people):
    client.force_login(people["lead"])
    page = head(client, people["colleague"].author_profile.get_absolute_url())
    assert page.meta["robots"] == ["noindex"] and page.json_ld == []


@pytest.mark.parametrize("url", ["/search/", "/login/", "/pitch/"])
def test_forms_and_search_are_not_indexed(client, url):
    response = client.get(url)
    if response.status_code == 200:
        assert Head(response.content.decode()).meta["robots"] == ["noindex"]


def test_robots_txt_keeps_crawlers_out_of_the_admin_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text and "Sitemap: http://localhost/sitemap.xml" in text


@pytest.mark.parametrize(
    "url", ["/favicon.ico", "/apple-touch-icon.png", "/site.webmanifest", "/icon-512.png"]
)
def test_icons_and_manifest_are_served_from_the_site_root(client, url):
    response = client.get(url)
    assert response.status_code == 200
    if url.endswith(".webmanifest"):
        manifest = json.loads(b"".join(response.streaming_content))
        assert manifest["icons"] and manifest["name"] == "Storywerk"


def test_dates_in_time_elements_have_no_fractions_of_a_second(client, team_story):
    html = client.get("/stories/").content.decode() + client.get(team_story.url).content.decode()
    stamps = re.findall(r'<time datetime="([^"]+)"', html)
    assert stamps
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}", s) for s in stamps)


def test_index_headings_follow_the_page_language(client):
    assert "<h1>Geschichten</h1>" in client.get("/stories/").content.decode()
    assert "<h1>Stories</h1>" in client.get("/en/stories/").content.decode()
