"""The authors' and coaches' admin: dashboard panels and the editor's save menu."""

import datetime
import html
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from stories.models import StoryIndexPage
from tests.factories import AuthorFactory, StoryPageFactory

pytestmark = pytest.mark.django_db


def _dashboard(client, user):
    client.cookies.clear()
    client.force_login(user)
    return html.unescape(client.get(reverse("wagtailadmin_home")).content.decode())


def test_author_dashboard_has_a_write_a_story_button_to_a_new_story(client, author):
    page = _dashboard(client, author)
    index = StoryIndexPage.objects.get()
    add_url = reverse("wagtailadmin_pages:add", args=["stories", "storypage", index.pk])
    assert f'href="{add_url}"' in page
    assert "Write a story" in page or "Geschichte" in page
    assert client.get(add_url).status_code == 200


def test_my_stories_panel_shows_state_and_last_reviewer_comment(driver, author, coach):
    StoryPageFactory(owner=author, title="Already live")
    draft = StoryPageFactory(owner=author, live=False, title="Needs work")
    StoryPageFactory(owner=AuthorFactory(), live=False, title="Someone else's")
    driver.login(author)
    driver.submit(draft)
    driver.login(coach)
    driver.act(draft, "reject", comment="Tighten the intro")
    page = _dashboard(driver.client, author)
    panel = page[page.index("my-stories") :]
    assert "Already live" in panel and "Needs work" in panel
    assert "Someone else's" not in page
    assert "Tighten the intro" in panel
    row = re.search(rf'data-my-story="{draft.pk}".*?</tr>', panel, re.S).group(0)
    assert "Changes requested" in row or "Änderungen" in row


def test_my_stories_panel_query_count_does_not_grow_with_stories(
    client, author, django_assert_max_num_queries
):
    for n in range(6):
        StoryPageFactory(owner=author, live=n % 2 == 0)
    from stories.dashboard import my_stories

    with django_assert_max_num_queries(6):
        rows = my_stories(author)
    assert len(rows) == 6


def test_coach_sees_awaiting_review_oldest_first_with_note_and_waiting_time(
    driver, author, author2, coach
):
    old = StoryPageFactory(owner=author2, live=False, title="Older story")
    new = StoryPageFactory(owner=author, live=False, title="Newer story")
    start = timezone.now() - datetime.timedelta(days=3)
    with time_machine.travel(start, tick=False):
        driver.login(author2)
        driver.submit(old, note="Older note")
    with time_machine.travel(start + datetime.timedelta(days=2), tick=False):
        driver.login(author)
        driver.submit(new, note="Newer note")
    page = _dashboard(driver.client, coach)
    panel = page[page.index("awaiting-review") :]
    assert panel.index("Older story") < panel.index("Newer story")
    assert "Older note" in panel and "Newer note" in panel
    assert re.search(r"3\xa0(days|Tage)", panel)


def test_awaiting_review_excludes_stories_of_other_coaches_authors(driver, author, coach):
    from tests.factories import CoachFactory

    other_coach = CoachFactory()
    story = StoryPageFactory(owner=author, live=False, title="Paired story")
    driver.login(author)
    driver.submit(story)
    assert "Paired story" not in _dashboard(driver.client, other_coach)


def test_editor_dashboard_lists_step_two(driver, author, coach, editor):
    story = StoryPageFactory(owner=author, live=False, title="For the editors")
    driver.login(author)
    driver.submit(story)
    assert "For the editors" not in _dashboard(driver.client, editor)
    driver.login(coach)
    driver.act(story, "approve")
    assert "For the editors" in _dashboard(driver.client, editor)


def _coach_dashboard_queries(client, coach):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(coach)
    client.get(reverse("wagtailadmin_home"))  # warm: caches, site root
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("wagtailadmin_home"))
    return response.content.decode().count("data-awaiting-review="), len(queries)


def test_coach_dashboard_costs_the_same_queries_for_1_or_5_stories_in_review(client, author, coach):
    # The whole dashboard, so that a per-row query of Wagtail's workflow panel (the specific
    # task, the task state, the story's authors and coach, its latest revision) shows too.
    _in_review(author, 1)
    rows, few = _coach_dashboard_queries(client, coach)
    assert rows == 1
    _in_review(author, 4)
    rows, many = _coach_dashboard_queries(client, coach)
    assert rows == 5
    assert many == few


def test_awaiting_review_rows_keep_wagtails_actions_dropdown(client, author, coach):
    story = _in_review(author, 1)[0]
    page = _dashboard(client, coach)
    row = page[page.index(f'data-awaiting-review="{story.pk}"') :]
    row = row[: row.index("</tr>")]
    # Wagtail's {% dropdown %} markup, rendered once and reused around each row's buttons.
    assert 'data-controller="w-dropdown"' in row
    assert 'data-w-dropdown-hide-on-click-value="true"' in row
    assert 'data-w-dropdown-keep-mounted-value="true"' in row
    assert "icon-dots-horizontal" in row
    content = row[row.index("w-dropdown__content") :]
    assert content.count("data-workflow-action-url=") == 3
    assert f"/admin/pages/{story.pk}/edit/" in content


def _primary_action(client, user, url):
    client.cookies.clear()
    client.force_login(user)
    page = html.unescape(client.get(url).content.decode())
    # The save menu renders its default (primary) item before the dropdown's hidden content.
    footer = page[page.rindex("<footer") :]
    primary = footer[: footer.index("w-dropdown__content")]
    names = re.findall(r'name="(action-[\w-]+)"', primary)
    return (names[-1] if names else "action-save-draft"), page


def test_submit_to_my_coach_is_the_primary_save_action_for_authors(client, author, draft):
    edit_url = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    action, page = _primary_action(client, author, edit_url)
    assert action == "action-submit"
    assert "Submit to my coach" in page or "Coach" in page
    index = StoryIndexPage.objects.get()
    add_url = reverse("wagtailadmin_pages:add", args=["stories", "storypage", index.pk])
    assert _primary_action(client, author, add_url)[0] == "action-submit"


def test_editors_keep_save_draft_as_the_primary_action(client, editor, draft):
    edit_url = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    assert _primary_action(client, editor, edit_url)[0] == "action-save-draft"


def test_author_menu_hides_reports(client, author, editor):
    page = _dashboard(client, author)
    assert 'data-w-sidebar-id="reports"' not in page and '"name": "reports"' not in page
    assert "wagtailadmin_reports" not in page
    assert client.get(reverse("wagtailadmin_reports:page_types_usage")).status_code in (
        302,
        403,
    )
    client.force_login(editor)
    assert client.get(reverse("wagtailadmin_reports:page_types_usage")).status_code == 200


def _awaiting_review_queries(user, stories):
    """Queries of the "Awaiting your review" panel alone, rendered for `user`."""
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from stories.review.panels import AwaitingReviewPanel

    request = RequestFactory().get("/admin/")
    request.user = type(user).objects.get(pk=user.pk)  # a fresh user: no cached role checks
    with CaptureQueriesContext(connection) as queries:
        html = AwaitingReviewPanel().render_html({"request": request, "csrf_token": "x"})
    assert html.count("data-awaiting-review=") == len(stories)
    return len(queries)


def _in_review(author, count, *, approve_by=None):
    stories = []
    for _ in range(count):
        story = StoryPageFactory(owner=author, live=False)
        story.get_workflow().start(story, author)
        if approve_by is not None:
            story.current_workflow_state.current_task_state.specific.approve(user=approve_by)
        stories.append(story)
    return stories


def test_awaiting_review_panel_query_count_does_not_grow_with_stories(author, coach):
    few = _awaiting_review_queries(coach, _in_review(author, 2))
    many = _awaiting_review_queries(coach, _in_review(author, 4) + [None, None])
    assert many == few


def test_awaiting_review_panel_for_editors_query_count_does_not_grow(author, coach, editor):
    few = _awaiting_review_queries(editor, _in_review(author, 2, approve_by=coach))
    many = _awaiting_review_queries(editor, _in_review(author, 4, approve_by=coach) + [None, None])
    assert many == few


def test_my_stories_panel_lists_work_in_progress_and_only_the_latest_published(client, author):
    from stories.dashboard import MyStoriesPanel

    published = [StoryPageFactory(owner=author, title=f"Published {n}") for n in range(8)]
    drafts = [StoryPageFactory(owner=author, live=False, title=f"Draft {n}") for n in range(3)]
    page = _dashboard(client, author)
    panel = page[page.index('id="my-stories') :]
    panel = panel[: panel.index("</section>")] if "</section>" in panel else panel
    shown = set(re.findall(r'data-my-story="(\d+)"', panel))
    # Every draft, and as many published stories as the panel keeps; the rest are counted.
    assert {str(story.pk) for story in drafts} <= shown
    assert len(shown) == len(drafts) + MyStoriesPanel.recent_live
    hidden = len(published) - MyStoriesPanel.recent_live
    assert f'data-my-stories-hidden="{hidden}"' in panel
    assert reverse("readership_index") in panel


def test_my_stories_panel_with_few_stories_hides_nothing(client, author):
    StoryPageFactory(owner=author, title="Only one")
    page = _dashboard(client, author)
    assert "Only one" in page
    assert "data-my-stories-hidden" not in page
