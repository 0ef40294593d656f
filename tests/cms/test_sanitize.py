"""The one sanitiser: a conservative allowlist for HTML that is not Wagtail rich text."""

import pytest
from django.template import Context, Template

from cms.sanitize import sanitize_html
from tests.cms.xss import PAYLOADS, find_executable_markup


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if "{%" not in p])
def test_the_checker_flags_every_payload_rendered_unescaped(payload):
    # Proves the checker used by the input tests can see each payload class at all.
    contexts = [payload, f'<input value="{payload}">', f'<a href="{payload}">x</a>']
    assert any(find_executable_markup(html) for html in contexts)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sanitised_payload_has_no_executable_markup(payload):
    assert find_executable_markup(str(sanitize_html(payload))) == []


@pytest.mark.parametrize(
    "html",
    [
        "<svg><circle r=1 /></svg>",
        "<math><mi>x</mi></math>",
        "<style>p{color:red}</style>",
        '<p style="color:red">x</p>',
        '<p onclick="go()">x</p>',
        "<iframe src='https://www.youtube-nocookie.com/embed/x'></iframe>",
    ],
)
def test_svg_math_style_handlers_and_frames_are_removed(html):
    cleaned = str(sanitize_html(html))
    for forbidden in ("<svg", "<math", "<style", "style=", "onclick", "<iframe", "color:red"):
        assert forbidden not in cleaned


@pytest.mark.parametrize(
    "href", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "vbscript:x"]
)
def test_dangerous_link_schemes_are_dropped(href):
    assert "href" not in str(sanitize_html(f'<a href="{href}">x</a>'))


def test_links_keep_their_url_and_get_noopener_nofollow():
    cleaned = str(sanitize_html('<a href="https://example.com/a" target="_blank">x</a>'))
    assert 'href="https://example.com/a"' in cleaned
    assert 'rel="noopener nofollow"' in cleaned
    assert "target" not in cleaned


def test_allowed_formatting_survives():
    html = "<p><strong>Bold</strong> and <em>italic</em></p><ul><li>one</li></ul>"
    assert str(sanitize_html(html)) == html


def test_script_content_does_not_survive_as_text():
    assert "alert" not in str(sanitize_html("<p>Hi<script>alert(1)</script></p>"))


def test_empty_input_gives_empty_output():
    assert sanitize_html(None) == ""
    assert sanitize_html("") == ""


def test_template_filter_sanitises():
    template = Template("{% load sanitize_tags %}{{ html|sanitize_html }}")
    rendered = template.render(Context({"html": "<b>ok</b><img src=x onerror=alert(1)>"}))
    assert rendered == "<b>ok</b>"
