"""The editors' representation report: numbers against a hand-computed fixture, export, access."""

import csv
import datetime
import io

import pytest
import time_machine
from django.utils import timezone, translation

from authors.models import Level
from stories.models import Audience, StoryPage
from stories.reports import previous_quarter_start, quarter_start, representation_rows
from tests.factories import (
    AuthorFactory,
    CoachFactory,
    DepartmentFactory,
    EditorFactory,
    StoryPageFactory,
)

pytestmark = pytest.mark.django_db

URL = "/admin/reports/representation/"
NOW = datetime.datetime(2026, 5, 20, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False), translation.override("en"):
        yield


@pytest.fixture
def client(client, english_default_language):
    """Compare against English labels whatever LANGUAGE_CODE and the German catalogue say."""
    # The URL decides the language (cms/urls.py): unprefixed URLs use LANGUAGE_CODE.
    login = client.force_login

    def force_login_in_english(user, backend=None):
        from wagtail.users.models import UserProfile

        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "en"
        profile.save()
        login(user, backend)

    client.force_login = force_login_in_english
    return client


def published_on(story, year, month, day):
    when = timezone.make_aware(datetime.datetime(year, month, day, 10, 0))
    StoryPage.objects.filter(pk=story.pk).update(first_published_at=when)


@pytest.fixture
def fixture_stories():
    """Q2 2026 is "this quarter" (Apr-Jun), Q1 2026 "last quarter" (Jan-Mar).

    this quarter: Sales 1 story (a1), IT 1 story (a3) + a2 co-authoring Sales' story; HR none
    last quarter: Sales 1 story (a1), HR 1 internal story (a4); IT none
    """
    sales = DepartmentFactory(name="Sales", slug="sales")
    it = DepartmentFactory(name="IT", slug="it")
    hr = DepartmentFactory(name="HR", slug="hr")
    a1 = AuthorFactory(username="a1", profile__department=sales, profile__level=Level.PROFESSIONAL)
    a2 = AuthorFactory(username="a2", profile__department=it, profile__level=Level.SENIOR)
    a3 = AuthorFactory(username="a3", profile__department=it, profile__level=Level.APPRENTICE)
    a4 = AuthorFactory(username="a4", profile__department=hr, profile__level=Level.MANAGER)
    published_on(StoryPageFactory(owner=a1, co_authors=[a2.author_profile]), 2026, 5, 10)
    published_on(StoryPageFactory(owner=a1), 2026, 2, 15)
    published_on(StoryPageFactory(owner=a3), 2026, 4, 2)
    published_on(StoryPageFactory(owner=a4, audience=Audience.INTERNAL), 2026, 3, 1)
    StoryPageFactory(owner=a4, live=False)  # a draft counts for nothing
    published_on(StoryPageFactory(owner=a4), 2025, 12, 20)  # before last quarter
    return {"sales": sales, "it": it, "hr": hr}


def as_table(rows):
    return {
        (str(r.kind), str(r.name)): (
            r.stories_this_quarter,
            r.authors_this_quarter,
            r.stories_last_quarter,
            r.authors_last_quarter,
        )
        for r in rows
    }


def test_quarters_are_calendar_quarters():
    assert quarter_start(datetime.date(2026, 5, 20)) == datetime.date(2026, 4, 1)
    assert previous_quarter_start(datetime.date(2026, 4, 1)) == datetime.date(2026, 1, 1)
    assert previous_quarter_start(datetime.date(2026, 1, 1)) == datetime.date(2025, 10, 1)


def test_numbers_match_the_hand_computed_fixture(fixture_stories):
    table = as_table(representation_rows(timezone.localdate()))
    assert table[("Department", "Sales")] == (1, 1, 1, 1)
    assert table[("Department", "IT")] == (1, 2, 0, 0)
    assert table[("Department", "HR")] == (0, 0, 1, 1)
    assert table[("Level", "Professional")] == (1, 1, 1, 1)
    assert table[("Level", "Senior professional")] == (1, 1, 0, 0)
    assert table[("Level", "Apprentice")] == (1, 1, 0, 0)
    assert table[("Level", "Manager")] == (0, 0, 1, 1)
    assert table[("Level", "Director")] == (0, 0, 0, 0)


def test_departments_and_levels_without_a_voice_are_highlighted(client, editor, fixture_stories):
    client.force_login(editor)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("representation-report__empty") >= 1
    assert "No published voice this quarter" in html
    assert "css/representation-report.css" in html
    empty = {str(r.name) for r in representation_rows(timezone.localdate()) if r.nobody_published}
    assert "HR" in empty and "Sales" not in empty and "IT" not in empty


def test_csv_export_has_the_same_numbers(client, editor, fixture_stories):
    client.force_login(editor)
    response = client.get(URL, {"export": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    hr = next(r for r in rows if r["Name"] == "HR")
    assert hr["Stories this quarter"] == "0"
    assert hr["Stories last quarter"] == "1"
    assert hr["Status"] == "No published voice this quarter"
    it = next(r for r in rows if r["Name"] == "IT")
    assert it["Active authors this quarter"] == "2"
    assert len(rows) == 3 + len(Level.choices)


def test_xlsx_export_works(client, editor, fixture_stories):
    from openpyxl import load_workbook

    client.force_login(editor)
    response = client.get(URL, {"export": "xlsx"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:2] == ["Group", "Name"]
    assert ["Department", "IT", 1, 2, 0, 0] in [row[:6] for row in values]


@pytest.mark.parametrize(
    ("make_user", "allowed"),
    [
        (lambda: AuthorFactory(username="u"), False),
        (lambda: CoachFactory(username="u"), False),
        (lambda: EditorFactory(username="u"), True),
        (lambda: EditorFactory(username="u", is_superuser=True), True),
    ],
    ids=["author", "coach", "editor", "admin"],
)
def test_only_editors_and_admins_open_the_report(client, make_user, allowed):
    client.force_login(make_user())
    response = client.get(URL)
    assert (response.status_code == 200) is allowed
    export = client.get(URL, {"export": "csv"})
    assert (export.status_code == 200) is allowed
    menu = client.get("/admin/").content.decode()
    assert (URL in menu) is allowed


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_report_query_count_does_not_grow_with_stories(
    client, editor, django_assert_max_num_queries
):
    department = DepartmentFactory(name="Ops", slug="ops")
    for i in range(10):
        StoryPageFactory(owner=AuthorFactory(username=f"q{i}", profile__department=department))
    client.force_login(editor)
    client.get(URL)
    # 15 = the report's 14 plus the two-factor gate asking whether the user has an authenticator.
    with django_assert_max_num_queries(15):
        assert client.get(URL).status_code == 200
