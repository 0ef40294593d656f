"""Every admin URL that names a page keeps other authors' drafts private (stories.admin_privacy).

test_permissions.py probes the surfaces one by one; this module walks Wagtail's whole admin
URLconf, so a page route added by an upgrade fails here until it is classified.
"""

import html
import json
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from stories.admin_privacy import (
    BULK_ACTION_ROUTE,
    PAGE_ID_KWARGS,
    QUERY_PAGE_ID_ROUTES,
    page_ids_in_route,
)
from stories.models import StoryIndexPage, StoryPage
from tests.factories import ImageFactory, StoryPageFactory
from tests.stories.test_permissions import SECRET

pytestmark = pytest.mark.django_db

# Admin routes with path parameters that are not page ids, by URL name (or name prefix
# ending in `*`), with why. A route naming a page is never here: the middleware guards it.
NOT_PAGE_IDS = {
    "wagtailadmin_api:documents:*": "documents (authors hold no document rights)",
    "wagtailadmin_api:images:*": "images: the endpoint is narrowed like the image chooser",
    "wagtailadmin_pages:type_use*": "a page type; its listing asks the page permission policy",
    "wagtailadmin_pages:choose_parent": "a page type",
    "wagtailadmin_tag_model_autocomplete": "a tag model; suggestions are filtered",
    "wagtailadmin_collections:*": "collections (admins)",
    "wagtailadmin_workflows:*": "workflows and tasks (admins)",
    "wagtailadmin_editing_sessions:release": "an editing session of the user's own",
    "wagtailadmin_password_reset_confirm": "a password reset token",
    "storywerk_two_factor_reset": "a user (admins)",
    "readership_author": "an author profile; the view checks who may see the figures",
    "storywerk_thanks_*": "a thank-you; the views look it up among the user's own stories' thanks",
    "wagtailredirects:*": "redirects (editors)",
    "wagtailsettings:*": "site settings (admins)",
    "wagtailsearchpromotions:*": "promoted search results (admins)",
    "wagtaildocs*": "documents",
    "wagtailimages*": "images (the collection ownership policy)",
    "wagtailsnippets_*": "snippets (people, departments: model permissions)",
    "wagtailsnippetchoosers_*": "snippet choosers",
    "invitations:*": "invitations (editors)",
    "pitches:*": "pitches (their viewset checks the pitcher and editors)",
    "wagtailsites:*": "sites (admins)",
    "wagtailusers_*": "users and groups (admins)",
}


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + str(pattern.pattern), namespace + pattern.name


def _parameters(route):
    """Path parameter names of a route, `<int:page_id>` and `(?P<pk>...)` alike."""
    return set(re.findall(r"<(?:\w+:)?(\w+)>", route)) | set(re.findall(r"\?P<(\w+)>", route))


def admin_routes_with_parameters():
    return sorted(
        (name, route, _parameters(route))
        for route, name in _walk(get_resolver().url_patterns)
        if route.startswith("admin/") and _parameters(route)
    )


def _guarded(name, params):
    sample = dict.fromkeys(params, "7") | {"app_label": "wagtailcore", "model_name": "page"}
    return bool(page_ids_in_route(name, sample)) or name in QUERY_PAGE_ID_ROUTES


def _exempt(name):
    """Listed by name, or by a name prefix ending in `*`."""
    return any(
        name == key or (key.endswith("*") and name.startswith(key[:-1])) for key in NOT_PAGE_IDS
    )


def test_every_admin_route_with_an_id_is_classified():
    unclassified = [
        f"{name} ({route})"
        for name, route, params in admin_routes_with_parameters()
        if not _guarded(name, params) and not _exempt(name)
    ]
    assert unclassified == []


def test_no_route_naming_a_page_is_exempt():
    for name, _route, params in admin_routes_with_parameters():
        if params & PAGE_ID_KWARGS:
            assert _guarded(name, params), name


def test_the_walk_finds_the_page_routes():
    """Guards the walk itself: it sees Wagtail's page routes (a regex one included)."""
    names = {name for name, _route, params in admin_routes_with_parameters()}
    for name in (
        "wagtailadmin_explore",
        "wagtailadmin_pages:move_confirm",
        "wagtailadmin_pages:revisions_compare",
        "wagtailadmin_api:pages:detail",
        "wagtailadmin_choose_page_child",
        BULK_ACTION_ROUTE,
    ):
        assert name in names


def _fill(name, route, params, page, other):
    """Concrete arguments for a guarded route, naming `page` wherever a page goes."""
    values = {
        "app_label": "wagtailcore",
        "model_name": "page",
        "content_type_app_name": "stories",
        "content_type_model_name": "storypage",
        "action_name": "approve",
        "action": "publish",
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
        "session_id": 1,
        "object_id": page.pk,
    }
    kwargs = {}
    for param in params:
        if param in PAGE_ID_KWARGS or param == "pk":
            kwargs[param] = page.pk
        else:
            kwargs[param] = values.get(param, 1)
    if name == "wagtailadmin_api:pages:action":
        kwargs["action_name"] = "publish"
    if "destination_id" in kwargs:
        kwargs["page_to_move_id"] = other.pk
    return reverse(name, kwargs=kwargs)


def test_another_author_gets_404_on_every_admin_route_naming_the_draft(client, author2, submitted):
    own = StoryPageFactory(owner=author2, live=False, title="Author two's draft")
    client.force_login(author2)
    answered = {}
    for name, route, params in admin_routes_with_parameters():
        if not _guarded(name, params) or name in QUERY_PAGE_ID_ROUTES:
            continue
        url = _fill(name, route, params, submitted, own)
        response = client.get(url)
        body = html.unescape(response.content.decode(errors="replace"))
        if response.status_code != 404 or SECRET in body:
            answered[name] = response.status_code
    assert answered == {}


def test_move_confirmation_with_the_draft_as_target_is_404(client, author2, submitted):
    own = StoryPageFactory(owner=author2, live=False, title="Author two's draft")
    client.force_login(author2)
    url = reverse("wagtailadmin_pages:move_confirm", args=[own.pk, submitted.pk])
    assert client.get(url).status_code == 404


def test_the_author_still_opens_their_own_story_in_the_explorer(client, author, submitted):
    client.force_login(author)
    response = client.get(reverse("wagtailadmin_explore", args=[submitted.pk]))
    assert response.status_code == 200
    assert SECRET in html.unescape(response.content.decode())


def test_chosen_pages_answer_404_for_a_draft_but_name_a_settled_live_story(
    client, author, author2, submitted
):
    live = StoryPageFactory(owner=author, title="Author's live story")
    client.force_login(author2)
    url = reverse("wagtailadmin_choose_page_chosen_multiple")
    assert client.get(url, {"id": [submitted.pk]}).status_code == 404
    assert "Author's live story" in client.get(url, {"id": [live.pk]}).content.decode()


@pytest.mark.parametrize("action", ["publish", "delete", "move", "unpublish"])
def test_select_all_in_a_bulk_action_lists_only_what_the_user_may_see(
    client, author2, submitted, action
):
    StoryPageFactory(owner=author2, live=False, title="Author two's draft")
    index = StoryIndexPage.objects.get()
    client.force_login(author2)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", action])
    response = client.get(url, {"id": "all", "childOf": index.pk})
    body = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Author two's draft" in body
    assert SECRET not in body


def test_select_all_delete_removes_only_the_users_own_drafts(client, author2, submitted):
    own = StoryPageFactory(owner=author2, live=False, title="Author two's draft")
    index = StoryIndexPage.objects.get()
    client.force_login(author2)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
    client.post(f"{url}?id=all&childOf={index.pk}", {})
    assert not StoryPage.objects.filter(pk=own.pk).exists()
    assert StoryPage.objects.filter(pk=submitted.pk).exists()


def _suggestions(client, term):
    return json.loads(client.get(reverse("wagtailadmin_tag_autocomplete"), {"term": term}).content)


def test_tag_suggestions_leave_out_topics_only_other_authors_drafts_use(
    client, driver, author, author2, coach, editor
):
    # Drafts written in the editor: a new story's topics are stored when it is first saved.
    driver.login(author)
    driver.create(action=None, title="Restructuring", topics="layoffs-secret")
    driver.login(author2)
    driver.create(action=None, title="Recipes", topics="lasagne")
    StoryPageFactory(owner=author, topics=["layout"])
    picture = ImageFactory(uploaded_by_user=author)
    picture.tags.add("lab-photo")

    client.force_login(author2)
    assert _suggestions(client, "la") == ["lasagne", "layout"]
    for user in (author, coach, editor):
        client.force_login(user)
        assert "layoffs-secret" in _suggestions(client, "la"), user
        assert "lab-photo" in _suggestions(client, "la"), user


def test_tag_suggestions_need_the_admin(client):
    response = client.get(reverse("wagtailadmin_tag_autocomplete"), {"term": "la"})
    assert response.status_code == 302
