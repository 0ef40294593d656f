"""My readership and a story's readership page fit a phone and a laptop: no sideways page
scroll (wide tables scroll in their own box), and axe finds nothing serious or critical."""

import datetime

import pytest

from stories.readership.counting import reading_day
from tests.e2e.test_accessibility import axe_problems
from tests.factories import DepartmentFactory, StoryDailyViewsFactory, StoryPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def figures(author, author2, english_admin):
    """Stories with long titles, a co-authored one, sources and departments."""
    from stories.models import StoryDailyAudience

    today = reading_day()
    lead = StoryPageFactory(
        owner=author,
        title="Maintenance planning for the night shift at the Bremen plant, explained",
    )
    StoryPageFactory(owner=author2, co_authors=[author.author_profile], title="A team story")
    department = DepartmentFactory(name="Manufacturing engineering and maintenance planning")
    for n in range(60):
        day = today - datetime.timedelta(days=n)
        for source in ("linkedin", "email", "direct"):
            StoryDailyViewsFactory(story=lead, day=day, source=source, views=12, readers=9, reads=4)
        StoryDailyAudience.objects.create(
            story=lead, day=day, dimension="department", group=str(department.pk), readers=3
        )
    return lead


def overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("width", [390, 1366])
def test_readership_pages_fit_the_screen_and_pass_axe(new_page, login, figures, width):
    page = new_page(viewport={"width": width, "height": 900})
    login(page, "author")
    problems = []
    for path in ("/admin/readership/?period=90", f"/admin/readership/story/{figures.pk}/"):
        page.goto(path)
        page.locator(".rs-cards").first.wait_for()
        if overflow(page) > 0:
            problems.append(f"{path}: {overflow(page)} px too wide at {width}")
        problems += [f"{path}: {problem}" for problem in axe_problems(page)]
    assert problems == []
