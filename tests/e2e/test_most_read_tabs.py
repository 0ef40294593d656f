"""Real browser: the /most-read/ period tabs work with the keyboard alone."""

import pytest
from playwright.sync_api import expect

from tests.factories import AuthorFactory, StoryPageFactory, add_readers

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_most_read_tabs_are_operable_with_the_keyboard(new_page):
    writer = AuthorFactory(username="tabs-writer", profile__show_on_leaderboards=True)
    week = StoryPageFactory(owner=writer, title="Hit of the week")
    classic = StoryPageFactory(owner=writer, title="All-time classic")
    add_readers(week, 30, days_ago=1)
    add_readers(classic, 500, days_ago=100)

    page = new_page(extra_http_headers={"Accept-Language": "en"})
    page.goto("/most-read/")
    tabs = page.get_by_role("tab")
    expect(tabs).to_have_count(3)
    week_tab, month_tab, all_tab = tabs.nth(0), tabs.nth(1), tabs.nth(2)
    expect(week_tab).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("tabpanel")).to_have_count(1)
    expect(page.get_by_role("tabpanel").get_by_role("link", name="Hit of the week")).to_be_visible()
    expect(page.get_by_role("link", name="All-time classic")).to_be_hidden()

    _keyboard_moves_between_the_tabs(page, week_tab, month_tab, all_tab)
    _no_serious_accessibility_violation(page)

    # Without JavaScript the periods are plain sections reached by in-page links.
    plain = new_page(java_script_enabled=False)
    plain.goto("/most-read/")
    expect(plain.get_by_role("tab")).to_have_count(0)
    plain.locator('a[href="#period-all"]').click()
    expect(
        plain.locator("#period-all").get_by_role("link", name="All-time classic")
    ).to_be_visible()


def _keyboard_moves_between_the_tabs(page, week_tab, month_tab, all_tab):
    # Tab from the page start reaches the selected tab (skip link, brand, navigation first).
    page.locator("body").focus()
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('role')") == "tab":
            break
    expect(week_tab).to_be_focused()

    page.keyboard.press("ArrowRight")
    expect(month_tab).to_be_focused()
    expect(month_tab).to_have_attribute("aria-selected", "true")
    expect(week_tab).to_have_attribute("aria-selected", "false")

    page.keyboard.press("End")
    expect(all_tab).to_be_focused()
    expect(all_tab).to_have_attribute("aria-selected", "true")
    panel = page.get_by_role("tabpanel")
    expect(panel).to_have_attribute("id", "period-all")
    expect(panel.get_by_role("link", name="All-time classic")).to_be_visible()

    page.keyboard.press("ArrowRight")  # wraps around to the first tab
    expect(week_tab).to_be_focused()
    page.keyboard.press("ArrowLeft")
    expect(all_tab).to_be_focused()
    page.keyboard.press("Home")
    expect(week_tab).to_have_attribute("aria-selected", "true")

    # Tab moves from the tab list into the panel (roving tabindex: one tab stop for the list).
    page.keyboard.press("Tab")
    expect(page.locator("#period-7")).to_be_focused()


def _no_serious_accessibility_violation(page):
    """No serious or critical violation on the enhanced page (axe-core)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [
        v["id"]
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
    assert serious == [], results.generate_report()
