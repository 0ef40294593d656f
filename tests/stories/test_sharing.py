"""Share links and share meta on story pages."""

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import RequestFactory

from stories.models import Audience
from stories.sharing import share_links
from tests.factories import ImageFactory, StoryPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client, english_default_language):
    """English pages, whatever LANGUAGE_CODE and the German catalogue say."""
    # The URL decides the language (cms/urls.py): unprefixed URLs use LANGUAGE_CODE.
    return client


# The readership counter's fixed list of share sources; anything else is "other".
COUNTED_SOURCES = {"linkedin", "xing", "x", "email", "intranet", "newsletter", "qr"}


class _Meta(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta, self.links, self.anchors, self.buttons = {}, {}, [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            self.meta.setdefault(key, []).append(attrs.get("content"))
        elif tag == "link":
            self.links[attrs.get("rel")] = attrs.get("href")
        elif tag == "a" and "data-share-source" in attrs:
            self.anchors.append(attrs)
        elif tag == "button" and "data-copy-link" in attrs:
            self.buttons.append(attrs)


def parse(response):
    parser = _Meta()
    parser.feed(response.content.decode())
    return parser


def counted_source(shared):
    """What the readership counter records for a view of this shared URL."""
    try:
        from stories.readership.counting import source_of, src_from_page_url
    except ImportError:  # the counter lands separately; the fixed list above still checks
        return None
    return source_of(src_from_page_url(shared), "", RequestFactory().get("/"))


def shared_url(href):
    """The story URL inside a network's share link (or the mailto body)."""
    parts = urlsplit(href)
    query = parse_qs(parts.query)
    if parts.scheme == "mailto":
        return query["body"][0].split()[-1]
    return query["url"][0]


def test_public_story_has_share_links_whose_src_the_counter_accepts(client, author):
    story = StoryPageFactory(owner=author, title="Worth sharing")
    page = parse(client.get(story.url))
    sources = [a["data-share-source"] for a in page.anchors]
    assert sources == ["linkedin", "xing", "x", "email"]
    for anchor in page.anchors:
        url = urlsplit(shared_url(anchor["href"]))
        assert url.path == story.url
        src = parse_qs(url.query)["src"]
        assert src == [anchor["data-share-source"]]
        assert src[0] in COUNTED_SOURCES
        counted = counted_source(shared_url(anchor["href"]))
        assert counted in (None, anchor["data-share-source"])
    hosts = {urlsplit(a["href"]).netloc for a in page.anchors}
    assert {"www.linkedin.com", "www.xing.com", "x.com"} <= hosts
    # The copy-link button copies the canonical address (no source value fits a copied link).
    assert page.buttons[0]["data-copy-link"] == story.full_url


def test_share_links_open_safely_in_a_new_window(client, author):
    story = StoryPageFactory(owner=author)
    for anchor in parse(client.get(story.url)).anchors:
        assert anchor["rel"] == "noopener noreferrer"
        # Networks open in a new window; the email link goes to the mail program.
        assert ("target" in anchor) is (anchor["data-share-source"] != "email")


def test_internal_story_has_no_share_links_and_no_open_graph(client, author, author2):
    story = StoryPageFactory(owner=author, audience=Audience.INTERNAL, title="Inside")
    client.force_login(author2)
    response = client.get(story.url)
    page = parse(response)
    assert page.anchors == [] and page.buttons == []
    assert "og:title" not in page.meta
    assert "linkedin.com" not in response.content.decode()
    assert share_links(story) == []


def test_open_graph_and_twitter_card_describe_the_story(client, author):
    story = StoryPageFactory(
        owner=author,
        title="The night the line stopped",
        teaser="How we kept the plant running.",
        hero_image=ImageFactory(),
    )
    meta = parse(client.get(story.url)).meta
    assert meta["og:title"] == ["The night the line stopped"]
    assert meta["og:description"] == ["How we kept the plant running."]
    assert meta["og:type"] == ["article"]
    # Open Graph names an author by their profile page where it is public.
    profile = author.author_profile
    assert meta["article:author"] == [story.get_site().root_url + profile.get_absolute_url()]
    assert meta["author"] == [profile.display_name]
    assert meta["twitter:card"] == ["summary_large_image"]
    assert meta["twitter:title"] == ["The night the line stopped"]
    image = meta["og:image"][0]
    assert image.startswith(story.get_site().root_url) and "fill-1200x630" in image
    assert meta["twitter:image"] == [image]
    assert meta["og:image:alt"] == ["A test picture"]


def test_canonical_url_drops_the_share_source(client, author):
    story = StoryPageFactory(owner=author)
    page = parse(client.get(story.url + "?src=linkedin"))
    assert page.links["canonical"] == story.full_url
    assert "src=" not in page.links["canonical"]
    assert page.meta["og:url"] == [story.full_url]


def test_draft_story_has_no_share_links(author):
    story = StoryPageFactory(owner=author, live=False)
    assert share_links(story) == []
