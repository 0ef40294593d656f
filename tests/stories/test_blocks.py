"""The video-embed allowlist reads an address the way a browser does (WHATWG URL standard)."""

import pytest
from wagtail.blocks import StructBlockValidationError

from stories.blocks import IframeEmbedBlock

REFUSED = [
    # A backslash ends the authority in a browser: this loads 127.0.0.1:9.
    "https://127.0.0.1:9\\@player.vimeo.com/video/1",
    "https://127.0.0.1\\@player.vimeo.com/video/1",
    "https://evil.example\\.player.vimeo.com/video/1",
    # Userinfo, even in front of an allowed host.
    "https://user@player.vimeo.com/video/1",
    "https://user:pw@player.vimeo.com/video/1",
    "https://player.vimeo.com@evil.example/video/1",
    "https://player.vimeo.com%2f@evil.example/video/1",
    # Ports, and hosts that only look alike.
    "https://player.vimeo.com:8443/video/1",
    "https://player.vimeo.com.evil.example/video/1",
    "https://evil.example/player.vimeo.com/video/1",
    "https://evil.example#@player.vimeo.com/video/1",
    "https://evil.example?@player.vimeo.com/video/1",
    "https://vimeo.com/video/1",
    "https://127.0.0.1/video/1",
    # Other schemes.
    "http://player.vimeo.com/video/1",
    "javascript://player.vimeo.com/%0aalert(1)",
    "data:text/html,<script>alert(1)</script>",
]

ACCEPTED = [
    ("https://player.vimeo.com/video/1", "https://player.vimeo.com/video/1"),
    (
        "https://www.youtube-nocookie.com/embed/abc?start=5",
        "https://www.youtube-nocookie.com/embed/abc?start=5",
    ),
    # Browsers lower-case the host and drop the default port: the same frame.
    ("https://PLAYER.Vimeo.com:443/video/1", "https://player.vimeo.com/video/1"),
]


def _clean(url):
    block = IframeEmbedBlock()
    return block.clean(block.to_python({"url": url, "title": "A video"}))


@pytest.mark.parametrize("url", REFUSED)
def test_embed_address_a_browser_would_load_from_elsewhere_is_refused(url):
    with pytest.raises(StructBlockValidationError):
        _clean(url)


@pytest.mark.parametrize(("url", "stored"), ACCEPTED)
def test_embed_address_on_an_allowed_host_is_stored_as_the_browser_reads_it(url, stored):
    assert _clean(url)["url"] == stored


def test_embed_saved_before_the_check_is_not_framed_when_shown():
    block = IframeEmbedBlock()
    risky = block.to_python({"url": REFUSED[0], "title": "A video"})
    assert "<iframe" not in block.render(risky)
    fine = block.to_python({"url": ACCEPTED[0][0], "title": "A video"})
    assert 'src="https://player.vimeo.com/video/1"' in block.render(fine)
