"""The author dashboard stays current while it is cheap: My stories is cached until a story or
a review step changes, "Awaiting your review" asks one query instead of one per task, and
authors are not shown the site's page count."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views.home import HomeView
from wagtail.models import Task, TaskState
from wagtail.users.models import UserProfile

from stories.dashboard import StoryState
from stories.review.coach_task import reviewable_task_states
from tests.factories import AuthorFactory, CoachFactory, EditorFactory, StoryPageFactory
from tests.factories.people import UserFactory

pytestmark = pytest.mark.django_db


def _dashboard(client, user):
    client.cookies.clear()
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _row(client, user, page):
    found = re.search(rf'data-my-story="{page.pk}".*?</tr>', _dashboard(client, user), re.S)
    return found.group(0) if found else ""


def _label(lazy):
    """The label in either admin language (the user's preference decides)."""
    texts = set()
    for language in ("en", "de"):
        with translation.override(language):
            texts.add(str(lazy))
    return texts


def _shows(row, lazy):
    return any(f">{text}<" in row for text in _label(lazy))


def test_my_stories_follows_every_review_step_although_it_is_cached(
    driver, client, author, coach, editor
):
    story = StoryPageFactory(owner=author, live=False, title="Night shift")
    UserProfile.get_for_user(author)
    UserProfile.objects.filter(user=author).update(preferred_language="en")
    assert _shows(_row(client, author, story), StoryState.DRAFT)
    # Cached now: each step below must still show on the very next dashboard view.
    driver.login(author)
    driver.submit(story)
    assert f"With {get_user_display_name(coach)} since" in _row(client, author, story)
    driver.login(coach)
    driver.act(story, "approve")
    assert "With the editors since" in _row(client, author, story)
    driver.login(editor)
    driver.act(story, "reject", comment="Name the plant")
    row = _row(client, author, story)
    assert _shows(row, StoryState.CHANGES_REQUESTED)
    assert "Name the plant" in row
    driver.login(author)
    driver.submit(story, title="Night shift at plant 4")
    row = _row(client, author, story)
    assert f"With {get_user_display_name(coach)} since" in row
    assert "Night shift at plant 4" in row
    driver.login(coach)
    driver.act(story, "approve")
    driver.login(editor)
    driver.act(story, "approve")
    assert _shows(_row(client, author, story), StoryState.LIVE)


def test_scheduling_and_unscheduling_a_live_story_shows_at_once(client, author, editor):
    # Wagtail saves only the revision when it schedules a live page: no page save to follow.
    story = StoryPageFactory(owner=author, title="Plant 4 anniversary")
    assert _shows(_row(client, author, story), StoryState.LIVE)
    story.go_live_at = timezone.now() + datetime.timedelta(days=3)
    revision = story.save_revision(user=editor)
    assert _shows(_row(client, author, story), StoryState.LIVE_WITH_DRAFT)
    revision.publish(user=editor)
    assert _shows(_row(client, author, story), StoryState.SCHEDULED)
    client.force_login(editor)
    unschedule = reverse("wagtailadmin_pages:revisions_unschedule", args=[story.pk, revision.pk])
    assert client.post(unschedule).status_code == 302
    assert _shows(_row(client, author, story), StoryState.LIVE_WITH_DRAFT)


def test_my_stories_cache_is_per_user(client, author, author2):
    mine = StoryPageFactory(owner=author, live=False, title="Mine only")
    assert "Mine only" in _dashboard(client, author)
    page = _dashboard(client, author2)
    assert "Mine only" not in page
    assert f'data-my-story="{mine.pk}"' not in page


def test_a_deleted_story_leaves_my_stories_at_once(client, author):
    story = StoryPageFactory(owner=author, live=False, title="Withdrawn idea")
    assert "Withdrawn idea" in _dashboard(client, author)
    story.delete()
    assert "Withdrawn idea" not in _dashboard(client, author)


def _reviewers():
    coach = CoachFactory()
    paired = AuthorFactory(profile__coach=coach)
    lone = AuthorFactory(profile__coach=None)
    # Leaves the Coaches group after a review was assigned to them: it goes to the group.
    outsider_coach = CoachFactory()
    ward = AuthorFactory(profile__coach=outsider_coach)
    inactive = UserFactory(is_active=False)
    superuser = UserFactory(is_superuser=True)
    return coach, paired, lone, outsider_coach, ward, inactive, superuser, EditorFactory()


def test_reviewable_task_states_match_wagtails_rules_for_every_role(driver):
    people = _reviewers()
    coach, paired, lone, outsider_coach, ward = people[:5]
    for owner in (paired, lone, ward):
        story = StoryPageFactory(owner=owner, live=False)
        driver.login(owner)
        driver.submit(story)
    # One story one step further, at the editors' group approval.
    advanced = StoryPageFactory(owner=paired, live=False)
    driver.login(paired)
    driver.submit(advanced)
    driver.login(coach)
    driver.act(advanced, "approve")
    assert TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS).count() == 4
    outsider_coach.groups.clear()
    seen = []
    for user in (type(person).objects.get(pk=person.pk) for person in people):
        ours = set(reviewable_task_states(user).values_list("pk", flat=True))
        wagtails = set(TaskState.objects.reviewable_by(user).values_list("pk", flat=True))
        assert ours == wagtails, user
        seen.append(len(ours))
    # The coach: their author's, the coachless author's and the former coach's author's
    # (handed to the group); the former coach: none; the superuser: all four; the editor:
    # the one at the editors' step.
    assert seen == [3, 0, 0, 0, 0, 0, 4, 1]


def test_reviewable_task_states_fall_back_to_wagtail_for_other_task_types(editor):
    Task.objects.create(name="A task type of somebody else's")  # a plain Task: unknown type
    ours = reviewable_task_states(editor)
    assert str(ours.query) == str(TaskState.objects.reviewable_by(editor).query)


def test_authors_do_not_get_the_site_summary_but_editors_do(client, author, editor):
    assert "w-summary" not in _dashboard(client, author)
    assert "w-summary" in _dashboard(client, editor)


def _queries_of_a_warm_dashboard(client):
    client.get(reverse("wagtailadmin_home"))  # the cached panels are filled
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("wagtailadmin_home")).status_code == 200
    return len(captured.captured_queries)


def test_author_dashboard_query_count_does_not_grow_with_stories(client, author):
    for n in range(3):
        StoryPageFactory(owner=author, live=n % 2 == 0)
    client.force_login(author)
    few = _queries_of_a_warm_dashboard(client)
    for n in range(30):
        StoryPageFactory(owner=author, live=n % 2 == 0)
    many = _queries_of_a_warm_dashboard(client)
    assert many == few
    # 29 at the bench's 200 stories before the panels were made cheap (bench/results.md);
    # 17 since the Mentions panel (one query, whatever the number of mentions).
    assert few <= 17


def _panel_names(user, rf):
    request = rf.get("/admin/")
    request.user = user
    panels = HomeView(request=request).get_panels()
    return {panel.name for panel in panels}


def test_authors_get_a_focused_dashboard_coaches_and_editors_keep_wagtails_lists(
    rf, author, coach, editor
):
    # Wagtail's "Your most recent edits" and "Your locked pages" (only editors may lock).
    author_panels = _panel_names(author, rf)
    assert "my_stories" in author_panels
    assert not {"recent_edits", "locked_pages"} & author_panels
    coach_panels = _panel_names(coach, rf)
    assert "recent_edits" in coach_panels and "locked_pages" not in coach_panels
    assert {"recent_edits", "locked_pages"} <= _panel_names(editor, rf)


def test_my_stories_lists_owned_and_co_authored_stories_once_newest_first(author, author2):
    from stories.dashboard import my_stories

    mine = StoryPageFactory(owner=author, title="Mine")
    shared = StoryPageFactory(owner=author2, title="Shared", co_authors=[author.author_profile])
    both = StoryPageFactory(owner=author, title="Both", co_authors=[author.author_profile])
    StoryPageFactory(owner=author2, title="Not mine")
    for story in (mine, shared, both):  # newest revision last
        story.save_revision()
    titles = [row["title"] for row in my_stories(author)]
    assert titles == ["Both", "Shared", "Mine"]
    others = [row["title"] for row in my_stories(author2)]
    assert sorted(others) == ["Not mine", "Shared"]  # "Not mine" has no revision to order by
