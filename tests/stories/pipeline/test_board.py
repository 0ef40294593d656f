"""The pipeline board: columns, who sees which cards, overdue marks, constant query count."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from stories.models import PitchStatus
from stories.pipeline.board import build_board, is_overdue
from tests.factories import AuthorFactory, CoachFactory, PitchFactory, StoryPageFactory
from tests.stories.conftest import approve_step, request_changes, submit

# These tests read English UI text; the site default (LANGUAGE_CODE) is German.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_default_language")]

BOARD = reverse("stories_pipeline")


def titles(columns):
    return {key: [card.title for card in cards] for key, _label, cards in columns}


def cards(columns):
    return {card.title: card for _key, _label, column in columns for card in column}


@pytest.fixture
def pipeline(review_workflow, author, author2, coach, editor):
    """One item per column (and two that must not show)."""
    now = timezone.now()
    PitchFactory(working_title="New pitch", submitted_by=author)
    PitchFactory(working_title="Declined pitch", status=PitchStatus.DECLINED)
    StoryPageFactory(owner=author, title="A draft", live=False)
    with_coach = StoryPageFactory(owner=author, title="With the coach", live=False)
    submit(review_workflow, with_coach, author)
    with_editor = StoryPageFactory(owner=author2, title="With the editor", live=False)
    submit(review_workflow, with_editor, author2)
    approve_step(with_editor, coach)
    scheduled = StoryPageFactory(owner=author, title="Scheduled", live=False)
    scheduled.go_live_at = now + timedelta(days=2)
    scheduled.save_revision(user=editor).publish()  # as the workflow would, on approval
    StoryPageFactory(owner=author, title="Fresh story")
    with time_machine.travel(now - timedelta(days=40)):
        StoryPageFactory(owner=author, title="Old story")
    return review_workflow


def test_each_story_sits_in_the_column_of_its_step(pipeline, editor):
    assert titles(build_board(editor)) == {
        "pitch": ["New pitch"],
        "draft": ["A draft"],
        "coach": ["With the coach"],
        "editor": ["With the editor"],
        "scheduled": ["Scheduled"],
        "published": ["Fresh story"],
    }


def test_changes_requested_sends_the_story_back_to_draft(pipeline, editor, coach):
    from stories.models import StoryPage

    story = StoryPage.objects.get(title="With the coach")
    request_changes(story, coach)
    assert "With the coach" in titles(build_board(editor))["draft"]


def test_card_shows_author_coach_and_age_in_the_current_step(
    review_workflow, author, coach, editor
):
    story = StoryPageFactory(owner=author, title="Waiting", live=False)
    with time_machine.travel(timezone.now() - timedelta(days=2, hours=1)):
        submit(review_workflow, story, author)
    card = cards(build_board(editor))["Waiting"]
    assert card.author == author.author_profile.display_name
    assert card.coach == coach.get_full_name()
    assert card.age_days == 2
    assert card.overdue is False


def test_coach_sees_only_the_cards_of_their_own_authors(pipeline, coach, author):
    other_coach = CoachFactory()
    stranger = AuthorFactory(profile__coach=other_coach)
    StoryPageFactory(owner=stranger, title="Someone else's draft", live=False)
    PitchFactory(working_title="Someone else's pitch", submitted_by=stranger)
    PitchFactory(working_title="Pitch of an unknown employee")

    mine = titles(build_board(coach))
    assert "Someone else's draft" not in mine["draft"]
    assert mine["pitch"] == ["New pitch"]
    assert mine["draft"] == ["A draft"]

    theirs = titles(build_board(other_coach))
    assert theirs["draft"] == ["Someone else's draft"]
    assert theirs["pitch"] == ["Someone else's pitch"]
    assert theirs["coach"] == theirs["editor"] == theirs["published"] == []


@pytest.mark.parametrize(
    ("role", "allowed"), [("editor", True), ("coach", True), ("author", False)]
)
def test_board_is_for_editors_and_coaches_only(client, pipeline, role, allowed, request):
    client.force_login(request.getfixturevalue(role))
    response = client.get(BOARD)
    if allowed:
        assert response.status_code == 200
        assert "With the coach" in response.content.decode()
    else:
        assert response.status_code in (302, 403)
        assert b"With the coach" not in response.content
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert (BOARD in menu) == allowed


def test_anonymous_visitor_is_sent_to_the_admin_login(client):
    response = client.get(BOARD)
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_list_view_is_a_table_with_one_row_per_card(client, pipeline, editor):
    client.force_login(editor)
    html = client.get(BOARD, {"view": "list"}).content.decode()
    table = html.split('<table class="listing pipeline-list">')[1].split("</table>")[0]
    assert table.count("<tr") == 1 + 6  # header + one row per card
    assert '<th scope="col">' in table


@pytest.mark.parametrize(
    ("waited", "overdue"),
    [
        (timedelta(days=3), False),
        (timedelta(days=3, seconds=1), True),
        (timedelta(days=2, hours=23), False),
    ],
)
def test_review_is_overdue_only_after_more_than_the_due_days(waited, overdue):
    now = timezone.now()
    assert is_overdue(now - waited, now, days=3) is overdue


def test_overdue_follows_the_setting(settings):
    settings.STORYWERK_REVIEW_DUE_DAYS = 5
    now = timezone.now()
    assert not is_overdue(now - timedelta(days=4), now)
    assert is_overdue(now - timedelta(days=5, minutes=1), now)


def test_board_marks_overdue_reviews_at_the_boundary(client, review_workflow, author, editor):
    on_time = StoryPageFactory(owner=author, title="On time", live=False)
    late = StoryPageFactory(owner=author, title="Late", live=False)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        submit(review_workflow, on_time, author)
    with time_machine.travel(start - timedelta(seconds=1), tick=False):
        submit(review_workflow, late, author)
    with time_machine.travel(start + timedelta(days=3), tick=False):
        board = cards(build_board(editor))
        client.force_login(editor)
        html = client.get(BOARD).content.decode()
    assert board["On time"].overdue is False
    assert board["Late"].overdue is True
    assert "1 review is overdue." in html


def test_drafts_are_never_overdue(review_workflow, author, editor):
    with time_machine.travel(timezone.now() - timedelta(days=30)):
        StoryPageFactory(owner=author, title="Old draft", live=False)
    assert cards(build_board(editor))["Old draft"].overdue is False


def _fill(review_workflow, count, coach):
    for n in range(count):
        author = AuthorFactory(profile__coach=coach)
        PitchFactory(submitted_by=author)
        StoryPageFactory(owner=author, live=False)
        StoryPageFactory(owner=author)
        in_review = StoryPageFactory(owner=author, live=False, title=f"Review {n}")
        submit(review_workflow, in_review, author)


@pytest.mark.parametrize("role", ["editor", "coach"])
def test_board_query_count_does_not_grow_with_the_number_of_cards(
    client, review_workflow, coach, editor, role, django_assert_max_num_queries, request
):
    user = request.getfixturevalue(role)
    client.force_login(user)
    _fill(review_workflow, 2, coach)
    client.get(BOARD)  # warm per-process caches (content types, site root)
    with django_assert_max_num_queries(20) as small:
        assert client.get(BOARD).status_code == 200
    _fill(review_workflow, 8, coach)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(BOARD)
    assert sum(len(c) for _k, _l, c in response.context["columns"]) == 40


def test_coachs_awaiting_review_panel_marks_overdue_reviews(client, review_workflow, author, coach):
    late = StoryPageFactory(owner=author, title="Late", live=False)
    fresh = StoryPageFactory(owner=author, title="Fresh", live=False)
    start = timezone.now()
    with time_machine.travel(start - timedelta(days=3, minutes=1), tick=False):
        submit(review_workflow, late, author)
    submit(review_workflow, fresh, author)
    client.force_login(coach)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert f'data-awaiting-review="{late.pk}" data-overdue>' in html
    assert f'data-awaiting-review="{fresh.pk}">' in html
