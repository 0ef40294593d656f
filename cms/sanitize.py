"""The one HTML sanitiser for HTML that does not go through Wagtail's rich-text converter.

Wagtail rich text is already whitelisted by its editor's converter; everything else that
arrives as HTML (imported texts, pitch texts, any future "rich" plain field) goes through
`sanitize_html` before it is stored or marked safe. Plain-text fields are never passed here:
templates escape them.
"""

from functools import partial

import bleach
from bleach.linkifier import DEFAULT_CALLBACKS
from django.utils.safestring import mark_safe

ALLOWED_TAGS = frozenset(
    {"a", "p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "blockquote", "h3", "h4"}
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
# No javascript:, data:, vbscript: or relative-protocol tricks: only these schemes survive.
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})


def _link_rel(attrs, new=False):
    """Every kept link opens without handing over `window.opener` and passes no ranking."""
    attrs[(None, "rel")] = "noopener nofollow"
    return attrs


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    # Disallowed elements are removed with their markup, their text kept (escaped); the
    # content of <script>/<style> would otherwise survive as text, so it is dropped below.
    strip=True,
    strip_comments=True,
    filters=[partial(bleach.linkifier.LinkifyFilter, callbacks=[*DEFAULT_CALLBACKS, _link_rel])],
)


def sanitize_html(html):
    """Return `html` reduced to a conservative allowlist, safe to render unescaped."""
    if not html:
        return mark_safe("")  # noqa: S308
    cleaned = _cleaner.clean(_drop_script_and_style_content(str(html)))
    return mark_safe(cleaned)  # noqa: S308 - bleach output, allowlisted above


def _drop_script_and_style_content(html):
    """Remove <script>, <style>, <svg>, <math> elements including their content.

    Why: bleach's `strip=True` keeps the text inside removed elements, which would leave
    raw JavaScript or CSS as visible text in a story.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(["script", "style", "svg", "math", "iframe", "object", "embed"]):
        element.decompose()
    return str(soup)
