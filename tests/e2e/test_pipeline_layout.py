"""Real browser: the pipeline board fits the admin at common desktop widths (its columns
scroll inside it) and the header names the page, not "Home"."""

import pytest
from playwright.sync_api import expect

from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.parametrize("width", [1300, 1900])
def test_pipeline_board_is_not_cut_off_on_the_right(
    new_page, login, editor, author, english_admin, width
):
    for number in range(3):
        StoryPageFactory(owner=author, title=f"A rather long story title {number}", live=False)
    page = login(new_page(viewport={"width": width, "height": 900}), "editor")
    page.goto("/admin/pipeline/")
    expect(page.locator("header").get_by_text("Pipeline", exact=True).first).to_be_visible()
    board = page.locator(".pipeline-board")
    expect(board).to_be_visible()
    right = page.evaluate("document.querySelector('.pipeline-board').getBoundingClientRect().right")
    assert right <= page.evaluate("document.documentElement.clientWidth")
    # Nothing hidden to the right: every column is on screen (they wrap instead).
    hidden = page.evaluate(
        "(() => { const b = document.querySelector('.pipeline-board');"
        " return b.scrollWidth - b.clientWidth; })()"
    )
    assert hidden <= 0
    for column in board.locator(".pipeline-column").all():
        assert column.bounding_box()["x"] + column.bounding_box()["width"] <= right + 1
