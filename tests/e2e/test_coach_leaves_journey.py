"""Journey: an administrator removes a coach from the Coaches group while a review waits
with them; the review reaches another coach, who opens and approves it, and the author sees
the story with the editors and no former coach named."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from authors.roles import COACHES_GROUP
from stories.models import CoachReviewTaskState, StoryPage
from tests.e2e.admin_steps import approve_from_dashboard, review_row
from tests.factories import CoachFactory, StoryPageFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "Night shift at the sorting centre"


def test_coach_removed_from_the_group_hands_the_waiting_review_to_another_coach(
    new_page, login, english_admin, english_default_language, author, coach
):
    clara = CoachFactory(username="clara", first_name="Clara", last_name="Hof")
    UserFactory(username="admin", is_superuser=True)
    story = StoryPageFactory(owner=author, live=False, title=TITLE)
    story.get_workflow().start(story, author)
    state = CoachReviewTaskState.objects.get(workflow_state__object_id=str(story.pk))
    assert state.assigned_coach == coach
    mail.outbox.clear()

    # 1. The administrator takes the coach out of Coaches in the user form (Roles tab).
    admin_page = login(new_page(), "admin")
    admin_page.goto(reverse("wagtailusers_users:edit", args=[coach.pk]))
    admin_page.get_by_role("tab", name="Roles").click()
    admin_page.get_by_role("checkbox", name=COACHES_GROUP, exact=True).uncheck()
    with admin_page.expect_navigation():
        admin_page.get_by_role("button", name="Save").click()
    assert not coach.groups.filter(name=COACHES_GROUP).exists()
    state.refresh_from_db()
    assert state.assigned_coach is None
    assert any(clara.email in m.to for m in mail.outbox)
    assert any(
        author.email in m.to and "has left coaching; your story" in m.body for m in mail.outbox
    )

    # 2. The removed coach no longer finds it; Clara does, opens it and approves it.
    coach_page = login(new_page(), "coach")
    expect(coach_page.locator("tr[data-awaiting-review]", has_text=TITLE)).to_have_count(0)
    clara_page = login(new_page(), "clara")
    review_row(clara_page, TITLE)
    clara_page.goto(reverse("wagtailadmin_pages:edit", args=[story.pk]))
    expect(clara_page.locator("#id_title")).to_have_value(TITLE)
    approve_from_dashboard(clara_page, TITLE)
    story = StoryPage.objects.get(pk=story.pk)
    assert story.current_workflow_task.name != "Coach review"

    # 3. The author sees the story with the editors, and no coach who has left is named.
    author_page = login(new_page(), "author")
    row = author_page.locator("tr[data-my-story]", has_text=TITLE)
    expect(row).to_contain_text("With the editors")
    expect(author_page.get_by_text("Your coach is")).to_have_count(0)
    assert Group.objects.get(name=COACHES_GROUP).user_set.filter(pk=clara.pk).exists()
