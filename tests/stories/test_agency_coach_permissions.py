"""An agency coach, surface by surface: their paired authors' stories and nothing else.

The same surfaces as test_permissions.py (every listing and object view of the admin), plus
what only an employee may do: read internal stories, see readership, export reports, open
people, invitations and settings; and after the end date, nothing at all.
"""

import html
from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from wagtail.models import TaskState

from stories.models import CoachReviewTaskState, StoryPage
from stories.permissions import restrict_pages_for
from stories.review.coach_task import coach_reviews_of
from tests.factories import AgencyCoachFactory, AuthorFactory, StoryPageFactory
from tests.stories.test_permissions import (
    SECRET,
    _leaks,
    _opens_or_tells,
    listing_surfaces,
    object_surfaces,
)

pytestmark = pytest.mark.django_db
OWN_DRAFT = "Coached author's draft"


@pytest.fixture
def agency_coach(db):
    # Tomorrow: a session opened today is still open when the access ends.
    return AgencyCoachFactory(username="agency_coach", expires_on=date.today() + timedelta(1))


@pytest.fixture
def coached_draft(agency_coach):
    author = AuthorFactory(profile__coach=agency_coach)
    return StoryPageFactory(owner=author, live=False, title=OWN_DRAFT, slug="coached")


def test_agency_coach_never_sees_another_authors_draft_on_any_listing(
    client, agency_coach, submitted
):
    client.force_login(agency_coach)
    leaks = [name for name, url in listing_surfaces(submitted).items() if _leaks(client, url)]
    assert leaks == []


def test_agency_coach_cannot_open_another_authors_draft_on_any_object_view(
    client, agency_coach, submitted
):
    client.force_login(agency_coach)
    opened = [
        name for name, url in object_surfaces(submitted).items() if _opens_or_tells(client, url)
    ]
    assert opened == []


def test_agency_coach_sees_and_edits_their_authors_draft(client, agency_coach, coached_draft):
    client.force_login(agency_coach)
    explorer = listing_surfaces(coached_draft)["explorer"]
    assert OWN_DRAFT in html.unescape(client.get(explorer).content.decode())
    for name in ("edit", "history", "preview", "compare"):
        assert client.get(object_surfaces(coached_draft)[name]).status_code == 200, name
    perms = coached_draft.permissions_for_user(agency_coach)
    assert perms.can_edit() and not perms.can_publish() and not perms.can_delete()


def test_agency_coach_gets_no_fallback_review_of_the_coaches_group(
    client, agency_coach, coach, submitted
):
    """A review waiting for the Coaches group (no coach of its own) is other authors' work."""
    CoachReviewTaskState.objects.filter(status="in_progress").update(assigned_coach=None)
    pages = StoryPage.objects.filter(pk=submitted.pk)
    assert list(restrict_pages_for(agency_coach, pages)) == []
    assert list(restrict_pages_for(coach, pages)) == [submitted]
    state = CoachReviewTaskState.objects.get(status="in_progress")
    assert not state.user_is_reviewer(agency_coach)
    assert not TaskState.objects.filter(coach_reviews_of(agency_coach)).exists()
    client.force_login(agency_coach)
    assert SECRET not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_agency_coach_reviews_the_step_assigned_to_them(agency_coach, coached_draft):
    from wagtail.models import Workflow

    from stories.review.setup import WORKFLOW_NAME

    Workflow.objects.get(name=WORKFLOW_NAME).start(coached_draft, coached_draft.owner)
    state = CoachReviewTaskState.objects.get(status="in_progress")
    assert state.assigned_coach == agency_coach
    assert state.user_is_reviewer(agency_coach)


def test_agency_coach_cannot_read_internal_stories_of_others(client, agency_coach, author):
    story = StoryPageFactory(owner=author, live=True, audience="internal", title="Intranet")
    client.force_login(agency_coach)
    response = client.get(story.url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_agency_coach_sees_no_readership_beyond_their_authors(client, agency_coach, author):
    client.force_login(agency_coach)
    url = reverse("readership_author", args=[author.author_profile.pk])
    assert client.get(url).status_code in (302, 403, 404)
    live = StoryPageFactory(owner=author, live=True)
    assert client.get(reverse("readership_story", args=[live.pk])).status_code in (302, 403, 404)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/reports/site-history/",
        "/admin/reports/site-history/?export=csv",
        "/admin/reports/workflow/?export=xlsx",
        "/admin/reports/workflow_tasks/",
        "/admin/reports/stories-by-department/",
        "/admin/invitations/",
        "/admin/invitations/new/",
        "/admin/users/",
        "/admin/groups/",
        "/admin/settings/",
        "/admin/snippets/authors/authorprofile/",
        "/admin/sites/",
    ],
)
def test_agency_coach_gets_no_exports_settings_or_people(client, agency_coach, url):
    client.force_login(agency_coach)
    response = client.get(url)
    assert response.status_code in (302, 403, 404), url
    if response.status_code == 302:
        assert "/admin/login" in response["Location"] or response["Location"] == "/admin/"


def test_reports_menu_is_empty_for_an_agency_coach(client, agency_coach):
    client.force_login(agency_coach)
    assert "/admin/reports/site-history/" not in client.get("/admin/").content.decode()


def test_after_the_end_date_the_agency_coach_opens_nothing(client, agency_coach, coached_draft):
    client.force_login(agency_coach)
    with time_machine.travel(agency_coach.agency_access.expires_on):
        for name in ("edit", "preview", "history"):
            response = client.get(object_surfaces(coached_draft)[name])
            assert response.status_code == 302 and "login" in response["Location"], name
        assert client.get(listing_surfaces(coached_draft)["admin search"]).status_code == 302
    agency_coach.refresh_from_db()
    assert not agency_coach.is_active
    assert not coached_draft.permissions_for_user(agency_coach).can_edit()
