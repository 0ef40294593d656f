"""Public pages fit the screen from phones to wide desktops: nothing scrolls sideways, the
phone header is one line with a menu button, the first card image loads first."""

import pytest
from playwright.sync_api import expect

from authors.models import ProfileVisibility
from tests.factories import AuthorFactory, DepartmentFactory, ImageFactory, StoryPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAGES = [
    "/",
    "/stories/",
    "/stories/night-shift/",
    "/authors/",
    "/authors/{slug}/",
    "/most-read/",
    "/search/?q=night",
    "/what-we-count/",
    "/login/",
]


@pytest.fixture
def site(db):
    department = DepartmentFactory(name="Manufacturing engineering and maintenance planning")
    lead = AuthorFactory(
        profile__profile_visibility=ProfileVisibility.PUBLIC, profile__department=department
    )
    StoryPageFactory(
        owner=lead,
        title="The night the line stopped",
        slug="night-shift",
        hero_image=ImageFactory(),
        topics=["maintenance", "night shift"],
    )
    for n in range(3):
        StoryPageFactory(owner=lead, title=f"Customer visit {n}", hero_image=ImageFactory())
    return {"slug": lead.author_profile.slug}


def overflow(page):
    """How many CSS pixels the page is wider than the window (0: no sideways scroll)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("width", [360, 390, 1366, 1920])
def test_no_public_page_scrolls_sideways(new_page, site, width):
    page = new_page(viewport={"width": width, "height": 800})
    wide = []
    for path in PAGES:
        for prefix in ("", "/en"):
            page.goto(prefix + path.format(**site))
            if overflow(page) > 0:
                wide.append(f"{prefix}{path}: {overflow(page)} px too wide")
    assert wide == []


def test_phone_header_is_one_line_with_a_menu_button(new_page, site):
    page = new_page(viewport={"width": 390, "height": 844})
    page.goto("/en/stories/")
    header = page.locator(".site-header")
    assert header.bounding_box()["height"] < 80
    stories_link = page.get_by_role("navigation", name="Main").get_by_role("link", name="Stories")
    expect(stories_link).to_be_hidden()
    menu = page.get_by_role("button", name="Menu")
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(stories_link).to_be_visible()
    page.keyboard.press("Escape")
    expect(stories_link).to_be_hidden()


def test_desktop_header_shows_the_menu_without_a_button(new_page, site):
    page = new_page(viewport={"width": 1366, "height": 900})
    page.goto("/en/")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Stories")
    ).to_be_visible()


def test_first_card_image_loads_first_and_the_others_lazily(new_page, site):
    page = new_page(viewport={"width": 390, "height": 844})
    page.goto("/en/stories/")
    images = page.locator(".card__image")
    expect(images.first).to_have_attribute("fetchpriority", "high")
    assert images.first.get_attribute("loading") is None
    expect(images.nth(1)).to_have_attribute("loading", "lazy")
    assert ".webp" in images.first.get_attribute("srcset")


def test_phone_header_is_folded_before_the_menu_script_arrives(new_page, site):
    """The header has its final height from the first paint: folding it only once the deferred
    script ran moved the whole page down the screen (a layout shift Lighthouse counted)."""
    heights = []
    for hold_script in (True, False):
        page = new_page(viewport={"width": 390, "height": 844})
        if hold_script:
            page.route("**/js/menu*.js", lambda route: route.abort())
        page.goto("/en/stories/")
        heights.append(page.locator(".site-header").bounding_box()["height"])
    assert heights[0] == heights[1]
    assert heights[0] < 80
