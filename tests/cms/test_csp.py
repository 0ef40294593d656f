"""Content-Security-Policy: strict on public pages, a separate working policy for the admin."""

import pytest
from django.utils.csp import CSP

from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db


def directives(header):
    parsed = {}
    for part in header.split(";"):
        name, *values = part.strip().split()
        parsed[name] = values
    return parsed


@pytest.mark.parametrize("url", ["/", "/stories/", "/authors/", "/login/", "/no-such-page/"])
def test_public_pages_send_the_strict_policy(client, url):
    StoryPageFactory()
    response = client.get(url)
    policy = directives(response[CSP.HEADER_ENFORCE])
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in response[CSP.HEADER_ENFORCE]


def test_story_page_sends_the_strict_policy_and_embeds_only_allowlisted_frames(client):
    story = StoryPageFactory(
        body=[("embed", {"url": "https://www.youtube-nocookie.com/embed/x", "title": "Video"})]
    )
    response = client.get(story.url)
    policy = directives(response[CSP.HEADER_ENFORCE])
    assert policy["script-src"] == ["'self'"]
    assert policy["frame-src"] == [
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
    ]
    assert 'src="https://www.youtube-nocookie.com/embed/x"' in response.content.decode()


def test_frame_src_follows_the_embed_allowlist_setting(client, settings):
    settings.SECURE_CSP = {**settings.SECURE_CSP, "frame-src": ["https://video.example.com"]}
    response = client.get("/")
    assert directives(response[CSP.HEADER_ENFORCE])["frame-src"] == ["https://video.example.com"]


def test_public_templates_contain_no_inline_scripts_or_handlers(client):
    story = StoryPageFactory()
    for url in ["/", "/stories/", story.url, "/login/", "/authors/"]:
        html = client.get(url).content.decode()
        assert "<script>" not in html
        assert " onclick=" not in html and " onload=" not in html


@pytest.mark.parametrize("url", ["/admin/login/", "/admin/"])
def test_admin_gets_its_own_policy(client, editor, url):
    client.force_login(editor)
    header = client.get(url)[CSP.HEADER_ENFORCE]
    policy = directives(header)
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]


def test_only_the_admin_prefix_gets_the_admin_policy(client):
    # A public page whose path merely starts with "admin" is public.
    response = client.get("/administration/")
    assert directives(response[CSP.HEADER_ENFORCE])["script-src"] == ["'self'"]
