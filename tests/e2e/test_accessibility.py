"""axe-core (via axe-playwright-python) finds no serious or critical issue on public pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.factories import ImageFactory, StoryPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BLOCKING_IMPACTS = {"serious", "critical"}


def axe_problems(page, context=None):
    """Serious and critical axe violations of the page, one readable line per element."""
    results = Axe().run(page, context=context)
    problems = []
    for violation in results.response["violations"]:
        if violation["impact"] in BLOCKING_IMPACTS:
            for node in violation["nodes"]:
                problems.append(f"{violation['id']} ({violation['impact']}): {node['target']}")
    return problems


@pytest.fixture
def stories(author, author2):
    """A small but complete site: hero images with alt text, topics, a team story."""
    first = StoryPageFactory(
        owner=author,
        title="The night the line stopped",
        slug="night-shift",
        hero_image=ImageFactory(),
        co_authors=[author2.author_profile],
        topics=["maintenance", "night shift"],
    )
    for n in range(3):
        StoryPageFactory(owner=author2, title=f"Customer visit {n}", hero_image=ImageFactory())
    return first


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/stories/",
        "/stories/night-shift/",
        "/authors/",
        "AUTHOR",
        "/login/",
        "/en/",
        "/en/stories/night-shift/",
        "/most-read/",
        "/en/most-read/",
        "/search/?q=night",
        "/en/search/?q=nobody-matches-this",
        "/does-not-exist/",
        "/what-we-count/",
        "/en/what-we-count/",
    ],
)
def test_public_page_has_no_serious_accessibility_violations(new_page, stories, author, path):
    if path == "AUTHOR":
        path = author.author_profile.get_absolute_url()
    page = new_page()
    page.goto(path)
    expect(page.locator("main")).to_be_visible()
    assert axe_problems(page) == []


def test_login_form_errors_are_accessible(new_page, stories):
    page = new_page()
    page.goto("/login/")
    page.get_by_label("Benutzername").fill("nobody")
    page.get_by_label("Passwort").fill("wrong-password-123")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert axe_problems(page) == []


def test_pages_for_a_logged_in_employee_have_no_serious_violations(new_page, login, stories):
    page = new_page()
    login(page, "author2")
    page.goto("/stories/night-shift/")
    expect(page.get_by_role("heading", level=1)).to_have_text("The night the line stopped")
    assert axe_problems(page) == []
    for path in ("/pitch/", "/en/pitch/"):
        page.goto(path)
        expect(page.locator("main form")).to_be_visible()
        assert axe_problems(page) == [], path
    # A pitch sent with empty answers: the error summary and field errors must be accessible too.
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_be_visible()
    assert axe_problems(page) == []


def test_readership_pages_of_an_author_have_no_serious_violations(new_page, login, stories, author):
    import datetime

    from django.utils import timezone

    from tests.factories import StoryDailyViewsFactory

    today = timezone.localdate()
    for days_ago, source in ((0, "direct"), (3, "linkedin"), (9, "search")):
        StoryDailyViewsFactory(
            story=stories, day=today - datetime.timedelta(days=days_ago), source=source
        )
    page = new_page()
    login(page, "author")
    # Our content only: the Wagtail admin's own chrome is Wagtail's to keep accessible.
    for path in ("/admin/readership/", f"/admin/readership/story/{stories.pk}/", "/admin/"):
        response = page.goto(path)
        assert response.status == 200 and page.url.endswith(path), path
        expect(page.locator("main").get_by_text(stories.title).first).to_be_visible()
        assert axe_problems(page, context="main") == [], path
