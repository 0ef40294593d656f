"""A story under review holds still: every admin and admin-API write route refuses the people
the current step locks out (stories.permissions.review_locks_out and its callers).

One case per route: the route is called on a story waiting in the editors' step by its
author (and, for the main routes, by its coach, whose step is over); afterwards the story
has no new revision, is where it was, with the same title, no copy, no lock, no privacy.
"""

import pytest
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction

from stories.models import StoryIndexPage, StoryPage
from tests.stories.conftest import story_form_data

pytestmark = pytest.mark.django_db


def _post(name, *args, data=None, **headers):
    def call(client, page, old_revision):
        url_args = [page.pk if arg == "page" else old_revision.pk for arg in args]
        return client.post(reverse(f"wagtailadmin_pages:{name}", args=url_args), data, **headers)

    return call


def _edit_post(name, *args, **headers):
    def call(client, page, old_revision):
        url_args = [page.pk if arg == "page" else old_revision.pk for arg in args]
        data = story_form_data(page, text="Sneaked in")
        return client.post(reverse(f"wagtailadmin_pages:{name}", args=url_args), data, **headers)

    return call


def _to_index(name):
    def call(client, page, old_revision):
        index = StoryIndexPage.objects.get()
        return client.post(reverse(f"wagtailadmin_pages:{name}", args=[page.pk, index.pk]))

    return call


def _copy(client, page, old_revision):
    index = StoryIndexPage.objects.get()
    data = {"new_title": "Copy", "new_slug": "copy", "new_parent_page": index.pk}
    return client.post(reverse("wagtailadmin_pages:copy", args=[page.pk]), data)


def _bulk(action, **data):
    def call(client, page, old_revision):
        if action == "move":
            data["chooser"] = StoryIndexPage.objects.get().pk
        url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", action])
        return client.post(f"{url}?id={page.pk}", data)

    return call


def _api(action, **data):
    def call(client, page, old_revision):
        index = StoryIndexPage.objects.get()
        values = {
            key: {"old": old_revision.pk, "index": index.pk}.get(value, value)
            for key, value in data.items()
        }
        url = f"/admin/api/main/pages/{page.pk}/action/{action}/"
        return client.post(url, values, content_type="application/json")

    return call


WRITE_ROUTES = {
    "edit": _edit_post("edit", "page"),
    "autosave": _edit_post("edit", "page", HTTP_ACCEPT="application/json"),
    "revisions_revert": _edit_post("revisions_revert", "page", "revision"),
    "copy": _copy,
    "move_confirm": _to_index("move_confirm"),
    "delete": _post("delete", "page"),
    "unpublish": _post("unpublish", "page"),
    "convert_alias": _post("convert_alias", "page"),
    "set_privacy": _post("set_privacy", "page", data={"restriction_type": "login"}),
    "lock": _post("lock", "page"),
    "bulk_move": _bulk("move"),
    "bulk_delete": _bulk("delete"),
    "bulk_publish": _bulk("publish"),
    "bulk_unpublish": _bulk("unpublish"),
    "api_revert_to_page_revision": _api("revert_to_page_revision", revision_id="old"),
    "api_copy": _api("copy", destination_page_id="index", slug="copy", title="Copy"),
    "api_move": _api("move", destination_page_id="index", position="last-child"),
    "api_delete": _api("delete"),
    "api_publish": _api("publish"),
    "api_unpublish": _api("unpublish"),
    "api_convert_alias": _api("convert_alias"),
    "api_create_alias": _api("create_alias", destination_page_id="index", update_slug="alias"),
    "api_copy_for_translation": _api("copy_for_translation", locale="en"),
}


def _snapshot(page):
    story = StoryPage.objects.filter(pk=page.pk).first()
    return {
        "exists": story is not None,
        "revisions": story.revisions.count() if story else None,
        "path": story.path if story else None,
        "title": story.title if story else None,
        "locked": story.locked if story else None,
        "live": story.live if story else None,
        "pages": Page.objects.count(),
        "restrictions": PageViewRestriction.objects.count(),
    }


@pytest.fixture
def waiting_for_editors(driver, author, coach, draft):
    """The author's draft, approved by the coach: it waits, locked, in the editors' step."""
    driver.login(author)
    driver.edit(draft, text="An older text")
    old_revision = StoryPage.objects.get(pk=draft.pk).get_latest_revision()
    driver.submit(draft, text="The text the coach approved")
    driver.login(coach)
    driver.act(draft, "approve")
    assert StoryPage.objects.get(pk=draft.pk).current_workflow_task.name == "Editorial review"
    return old_revision


# The author, on every route; the coach (whose step is over) on the routes that write text.
LOCKED_OUT = [("author", route) for route in sorted(WRITE_ROUTES)] + [
    ("coach", route)
    for route in ["edit", "autosave", "revisions_revert", "api_revert_to_page_revision"]
]


@pytest.mark.parametrize(("role", "route"), LOCKED_OUT)
def test_nobody_but_the_editors_changes_a_story_waiting_for_the_editors(
    request, driver, draft, waiting_for_editors, role, route
):
    before = _snapshot(draft)
    driver.login(request.getfixturevalue(role))
    response = WRITE_ROUTES[route](driver.client, draft, waiting_for_editors)
    assert response.status_code < 500
    assert _snapshot(draft) == before


@pytest.mark.parametrize("route", ["edit", "api_revert_to_page_revision"])
def test_the_author_cannot_change_a_story_in_the_coach_step(driver, author, draft, route):
    driver.login(author)
    old_revision = draft.get_latest_revision()
    driver.submit(draft, text="Submitted text")
    before = _snapshot(draft)
    response = WRITE_ROUTES[route](driver.client, draft, old_revision)
    assert response.status_code < 500
    assert _snapshot(draft) == before


def test_the_api_refusal_says_the_story_is_in_review(driver, author, draft, waiting_for_editors):
    driver.login(author)
    response = WRITE_ROUTES["api_copy"](driver.client, draft, waiting_for_editors)
    assert response.status_code == 403
    assert response.json()["detail"].startswith("Diese Geschichte ist in Prüfung")


def test_an_author_can_still_revert_their_own_draft_outside_review(driver, author, draft):
    driver.login(author)
    driver.edit(draft, text="Second version")
    first = StoryPage.objects.get(pk=draft.pk).revisions.order_by("pk").first()
    response = WRITE_ROUTES["api_revert_to_page_revision"](driver.client, draft, first)
    assert response.status_code == 200
    assert StoryPage.objects.get(pk=draft.pk).revisions.count() == 3


def test_an_editor_can_still_correct_a_story_in_the_editors_step(
    driver, editor, draft, waiting_for_editors
):
    driver.login(editor)
    response = WRITE_ROUTES["edit"](driver.client, draft, waiting_for_editors)
    assert response.status_code == 302
    latest = StoryPage.objects.get(pk=draft.pk).get_latest_revision_as_object()
    assert "Sneaked in" in str(latest.body)
