"""The checks a story passes before its author sends it to the coach.

`run_checks(page, language)` is the one entry point (the editor's panel, the send guard, the
coach's review and the bench call it). Required items block sending; suggested items are
hints the author may ignore. Each item names the form field it is about, so the edit form
can show it where the author fixes it. Nothing here reads the database except the glossary
(one query, or none when the caller passes `glossary`).
"""

import html
import re
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from stories.checks import readability as reading

REQUIRED = "required"
SUGGESTED = "suggested"
# Links in a paragraph's stored rich text (Wagtail's `<a linktype=... >` or `<a href=...>`).
LINK = re.compile(r"<a\b[^>]*>(.*?)</a>", re.IGNORECASE | re.DOTALL)
# Block-level ends in rich text become sentence breaks, so a list item ends a sentence.
BLOCK_END = re.compile(r"</(p|h[1-6]|li)>|<br\s*/?>", re.IGNORECASE)
TAG = re.compile(r"<[^>]*>")
SIMPLE_WORD = re.compile(r"\w+")
EXCERPT_WORDS = 8


@dataclass(frozen=True)
class CheckItem:
    """One finding: the form field it is about, what to do, and (for the body) which block."""

    level: str
    code: str
    field: str
    field_label: str
    message: str
    block_index: int | None = None


@dataclass
class CheckResult:
    """What `run_checks` returns: `required` blocks sending, `suggested` are hints."""

    required: list = field(default_factory=list)
    suggested: list = field(default_factory=list)
    readability: reading.Readability | None = None

    @property
    def ok(self):
        return not self.required

    def required_by_field(self):
        by_field = {}
        for item in self.required:
            by_field.setdefault(item.field, []).append(item)
        return by_field


def field_labels():
    return {
        "title": _("Title"),
        "teaser": _("Teaser"),
        "hero_image_alt": _("Hero image alt text"),
        "body": _("Story"),
    }


def rich_text_plain(source):
    # A regex, not Django's strip_tags (an HTML parser run until stable): stored rich text is
    # Wagtail's own well-formed HTML, and this runs on every block of every check.
    return html.unescape(TAG.sub("", BLOCK_END.sub("\n", source or ""))).strip()


def block_text(block):
    """The words a reader reads in one body block ("" for an image without caption)."""
    value = block.value
    if block.block_type == "paragraph":
        return rich_text_plain(value.source)
    if block.block_type == "heading":
        return str(value or "").strip()
    if block.block_type == "pull_quote":
        return (value.get("quote") or "").strip()
    if block.block_type == "image":
        return (value.get("caption") or "").strip()
    return ""


def is_empty_block(block, text):
    value = block.value
    if block.block_type == "image":
        return not value.get("image")
    if block.block_type == "embed":
        return not (value.get("url") or "").strip()
    return not text


def body_blocks(page):
    return list(page.body) if page.body else []


def has_link_without_text(block):
    if block.block_type != "paragraph":
        return False
    return any(not rich_text_plain(text) for text in LINK.findall(block.value.source))


def required_items(page, labels, blocks, block_texts):
    """Hero image alt text, the teaser, no empty block, no link without text."""
    items = []
    if page.hero_image_id and not (page.hero_image_alt or "").strip():
        image = page.hero_image
        if not (image and image.alt_text):
            message = _("Describe the hero image for people who cannot see it.")
            items.append(
                CheckItem(REQUIRED, "hero_alt", "hero_image_alt", labels["hero_image_alt"], message)
            )
    if not (page.teaser or "").strip():
        message = _("Write a teaser: one or two sentences that make people read on.")
        items.append(CheckItem(REQUIRED, "teaser", "teaser", labels["teaser"], message))
    return items + body_items(blocks, block_texts, labels)


def body_items(blocks, block_texts, labels):
    items = []
    for index, (block, text) in enumerate(zip(blocks, block_texts, strict=True)):
        position = {"number": index + 1, "block": block.block.label}
        found = []
        if is_empty_block(block, text):
            found.append(
                (
                    "empty_block",
                    _("Block %(number)d (%(block)s) is empty: fill it in or remove it."),
                )
            )
        elif block.block_type == "image" and not (block.value.get("alt_text") or "").strip():
            found.append(
                (
                    "image_alt",
                    _(
                        "Block %(number)d (%(block)s): describe the image for "
                        "people who cannot see it."
                    ),
                )
            )
        elif has_link_without_text(block):
            found.append(
                (
                    "empty_link",
                    _(
                        "Block %(number)d (%(block)s) has a link without "
                        "text: give the link words people can read."
                    ),
                )
            )
        for code, message in found:
            items.append(
                CheckItem(REQUIRED, code, "body", labels["body"], message % position, index)
            )
    return items


def excerpt(sentence):
    words = sentence.split()
    return " ".join(words[:EXCERPT_WORDS]) + (" …" if len(words) > EXCERPT_WORDS else "")


def long_sentence_items(texts, labels):
    items = []
    for name, text in texts.items():
        for sentence, count in reading.long_sentences(text):
            message = _("A sentence of %(count)d words (over %(limit)d): “%(start)s”") % {
                "count": count,
                "limit": reading.LONG_SENTENCE_WORDS,
                "start": excerpt(sentence),
            }
            items.append(CheckItem(SUGGESTED, "long_sentence", name, labels[name], message))
    return items


def occurrences(word, text, tokens):
    """How often `word` stands as a whole word in `text` (any case); `tokens` counts the
    text's lower-cased words, so a one-word term costs a lookup, not a scan."""
    if SIMPLE_WORD.fullmatch(word):
        return tokens[word.lower()]
    pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
    return len(pattern.findall(text))


def glossary_items(texts, terms, labels):
    items = []
    tokens = {name: Counter(SIMPLE_WORD.findall(text.lower())) for name, text in texts.items()}
    for term in terms:
        word = (term.avoid or "").strip()
        if not word:
            continue
        for name, text in texts.items():
            count = occurrences(word, text, tokens[name])
            if count:
                message = _(
                    "“%(avoid)s” (%(count)d×): the company glossary prefers “%(prefer)s”."
                ) % {"avoid": term.avoid, "prefer": term.prefer, "count": count}
                items.append(CheckItem(SUGGESTED, "glossary", name, labels[name], message))
    return items


def readability_item(score, labels):
    if score.band != "complex":
        return []
    message = _(
        "Hard to read (LIX %(score)s; under %(good)d reads easily): shorter sentences "
        "and shorter words help."
    ) % {"score": score.score, "good": reading.GOOD_BELOW}
    return [CheckItem(SUGGESTED, "readability", "body", labels["body"], message)]


def load_glossary(language):
    from stories.checks.models import GlossarySettings

    return GlossarySettings.load().terms_for(language)


def run_checks(page, language=None, *, glossary=None):
    """Check a story (saved or not) as its author would send it.

    `language` is the story's language ("de"/"en"; default: the page's own), which picks the
    glossary terms; messages come in the active (reader's) language. `glossary` is a list of
    terms (objects with `avoid` and `prefer`), loaded from the settings when None.
    """
    language = language or getattr(page, "content_language", "") or ""
    labels = field_labels()
    blocks = body_blocks(page)
    block_texts = [block_text(block) for block in blocks]
    result = CheckResult(required=required_items(page, labels, blocks, block_texts))
    body = "\n".join(block_texts)
    texts = {"title": page.title or "", "teaser": page.teaser or "", "body": body}
    terms = load_glossary(language) if glossary is None else glossary
    result.readability = reading.lix("\n".join((texts["teaser"], body)))
    result.suggested = [
        *readability_item(result.readability, labels),
        *long_sentence_items(texts, labels),
        *glossary_items(texts, terms, labels),
    ]
    return result
