"""Helpers to drive the story review workflow through the real admin views."""

import pytest
from django.urls import reverse
from django.utils.text import slugify
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from stories.models import StoryIndexPage, StoryPage
from tests.factories import StoryPageFactory


def story_form_data(
    page=None,
    *,
    title=None,
    teaser="A teaser.",
    text="Hello world",
    note="",
    audience="public",
    topics="",
    **extra,
):
    title = title or (page.title if page else "A new story")
    return extra | nested_form_data(
        {
            "title": title,
            "slug": page.slug if page else slugify(title),
            "teaser": teaser,
            "hero_image_alt": "",
            "body": streamfield([("paragraph", rich_text(f"<p>{text}</p>"))]),
            "coach_note": note,
            "co_authors": inline_formset([]),
            "comments": inline_formset([]),
            "content_language": "en",
            "audience": audience,
            "topics": topics,
        }
    )


class WorkflowDriver:
    """Drives the admin like a person: edit form posts and workflow action posts."""

    def __init__(self, client):
        self.client = client

    def login(self, user):
        # A fresh browser per person: no flash messages carried over from the last one.
        self.client.cookies.clear()
        self.client.force_login(user)

    def edit(self, page, action=None, follow=False, **data):
        post = story_form_data(page, **data)
        if action:
            post[action] = "1"
        url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        return self.client.post(url, post, follow=follow)

    def submit(self, page, note="", follow=False, **data):
        return self.edit(page, "action-submit", follow=follow, note=note, **data)

    def create(self, note="", action="action-submit", **data):
        index = StoryIndexPage.objects.get()
        post = story_form_data(note=note, **data)
        if action:
            post[action] = "1"
        return self.client.post(
            reverse("wagtailadmin_pages:add", args=["stories", "storypage", index.pk]), post
        )

    def act(self, page, action, comment=""):
        page = StoryPage.objects.get(pk=page.pk)
        task_state = page.current_workflow_task_state
        assert task_state is not None, "no task in progress"
        url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
        return self.client.post(url, {"comment": comment})


def schedule_through_review(driver, page, author, coach, editor, days=2):
    """The author submits with a go-live date `days` ahead; coach and editor approve.

    Returns the go-live time (local)."""
    import datetime

    from django.utils import timezone

    go_live = timezone.localtime() + datetime.timedelta(days=days)
    driver.login(author)
    driver.submit(page, go_live_at=go_live.strftime("%Y-%m-%d %H:%M"))
    for reviewer in (coach, editor):
        driver.login(reviewer)
        driver.act(page, "approve")
    return go_live


@pytest.fixture
def driver(client):
    return WorkflowDriver(client)


@pytest.fixture
def draft(author):
    return StoryPageFactory(owner=author, live=False, title="Author's secret draft", slug="secret")


@pytest.fixture
def submitted(driver, author, draft):
    """The draft, submitted to the coach (so workflow surfaces have something to show)."""
    driver.login(author)
    driver.submit(draft, note="Be gentle")
    driver.client.logout()
    return StoryPage.objects.get(pk=draft.pk)


@pytest.fixture
def review_workflow(db):
    """The real "Story review" workflow (created by a data migration on the story index)."""
    from wagtail.models import Workflow

    from stories.review.setup import WORKFLOW_NAME

    return Workflow.objects.get(name=WORKFLOW_NAME)


def submit(workflow, page, user):
    """Start the review: the story enters the coach step (assigned to the author's coach)."""
    return workflow.start(page, user)


def approve_step(page, user):
    """Approve whichever step the story is in (the model API, not the admin view)."""
    state = page.current_workflow_state
    state.current_task_state.specific.approve(user=user)
    state.refresh_from_db()
    return state


def request_changes(page, user):
    page.current_workflow_state.current_task_state.specific.reject(user=user)
