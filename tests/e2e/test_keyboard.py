"""Journey (e): the story index works with the keyboard alone, with a visible focus."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    text: (el.innerText || el.getAttribute('aria-label') || '').trim(),
    href: el.getAttribute('href'),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
    onScreen: el.getBoundingClientRect().right > 0,
  };
}"""


def tab_until(page, predicate, limit=40):
    """Press Tab until the focused element matches; return every element focused on the way."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        seen.append(focused)
        if predicate(focused):
            return seen
    raise AssertionError(f"never focused; saw {[(f['tag'], f['text']) for f in seen]}")


def test_keyboard_user_skips_to_content_filters_and_opens_a_story(new_page, author, author2):
    StoryPageFactory(owner=author, title="Engineering story", topics=["maintenance"])
    StoryPageFactory(owner=author2, title="Sales story", topics=["customers"])
    page = new_page()
    page.goto("/stories/")

    page.keyboard.press("Tab")
    skip = page.evaluate(FOCUSED)
    assert skip["text"] == "Zum Inhalt springen"
    assert skip["onScreen"] and skip["outline"]
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # From the start of the content, the first stop is the department filter.
    department = tab_until(page, lambda f: f["tag"] == "select")[-1]
    assert department["id"] == "filter-department" and department["outline"]
    tab_until(page, lambda f: f["id"] == "filter-topic")
    page.keyboard.press("ArrowDown")  # Chromium changes a closed select's value with arrows
    expect(page.locator("#filter-topic")).to_have_value("customers")
    focused = tab_until(page, lambda f: f["tag"] == "button")[-1]
    assert focused["text"] == "Filtern" and focused["outline"]
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"topic=customers"))
    expect(page.get_by_role("link", name="Sales story")).to_be_visible()
    expect(page.get_by_role("link", name="Engineering story")).to_have_count(0)

    page.locator("#main").focus()
    story_link = tab_until(page, lambda f: f["text"] == "Sales story")[-1]
    assert story_link["outline"]
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sales story")


def test_header_links_and_language_switch_are_reachable_in_order(new_page):
    page = new_page(locale="de-DE")
    page.goto("/")
    seen = tab_until(page, lambda f: f["text"] == "English")
    texts = [f["text"] for f in seen]
    assert texts[:2] == ["Zum Inhalt springen", "Storywerk"]
    assert texts.index("Geschichten") < texts.index("Storyteller") < texts.index("Anmelden")
    assert texts.index("Anmelden") < texts.index("Deutsch") < texts.index("English")
    assert all(f["outline"] for f in seen)
