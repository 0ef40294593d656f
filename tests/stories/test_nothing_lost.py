"""Nothing lost: concurrent saves, Wagtail's autosave across a session timeout, counts that
survive reverting and moving a story."""

import datetime

import pytest
from django.conf import settings
from django.db.models import Sum
from django.urls import reverse
from wagtail.models import Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from stories.models import StoryDailyViews, StoryIndexPage, StoryPage
from tests.factories import AdminFactory, EditorFactory, StoryPageFactory

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def story_form(page, title, **extra):
    """The page editor's POST data for a story with an empty body (what the form sends)."""
    return nested_form_data(
        {
            "title": title,
            "slug": page.slug,
            "teaser": page.teaser,
            "hero_image_alt": "",
            "body": streamfield([]),
            "co_authors": inline_formset([]),
            "comments": inline_formset([]),
            "topics": "",
            "content_language": page.content_language,
            "audience": page.audience,
            "seo_title": "",
            "search_description": "",
            **extra,
        }
    )


@pytest.fixture
def draft(author):
    return StoryPageFactory(owner=author, title="Original title", live=False, body=[])


def test_two_editors_saving_the_same_story_at_once_keep_both_revisions(client, editor, draft):
    editor2 = EditorFactory(username="editor2")
    other = client.__class__()
    client.force_login(editor)
    other.force_login(editor2)
    loaded = draft.latest_revision
    # Both opened the editor on the same revision, then both press "Save draft".
    assert client.get(edit_url(draft)).status_code == 200
    assert other.get(edit_url(draft)).status_code == 200
    common = {"loaded_revision_id": loaded.pk}
    first = client.post(edit_url(draft), story_form(draft, "Title by editor one", **common))
    second = other.post(edit_url(draft), story_form(draft, "Title by editor two", **common))
    assert first.status_code == second.status_code == 302

    new_revisions = Revision.page_revisions.filter(object_id=str(draft.pk)).exclude(pk=loaded.pk)
    by_user = {rev.user_id: rev.as_object().title for rev in new_revisions}
    assert by_user == {editor.pk: "Title by editor one", editor2.pk: "Title by editor two"}
    # The older edit is still there to compare or revert to from the history.
    assert Revision.objects.filter(pk=loaded.pk).exists()


def test_a_stale_autosave_does_not_overwrite_a_colleagues_revision(client, editor, draft):
    editor2 = EditorFactory(username="editor2")
    other = client.__class__()
    client.force_login(editor)
    other.force_login(editor2)
    loaded = draft.latest_revision
    common = {
        "loaded_revision_id": loaded.pk,
        "loaded_revision_created_at": loaded.created_at.isoformat(),
    }
    saved = client.post(edit_url(draft), story_form(draft, "Editor one", **common), **JSON)
    assert saved.json()["success"]
    stale = other.post(edit_url(draft), story_form(draft, "Editor two", **common), **JSON)
    assert not stale.json()["success"]
    assert stale.json()["error_code"] == "invalid_revision"
    draft.refresh_from_db()
    assert draft.get_latest_revision().as_object().title == "Editor one"


def test_wagtail_autosave_is_enabled_in_the_page_editor(client, author, draft):
    assert getattr(settings, "WAGTAIL_AUTOSAVE_INTERVAL", 500) > 0
    client.force_login(author)
    html = client.get(edit_url(draft)).content.decode()
    assert "w-autosave" in html
    assert 'id="w-autosave-indicator"' in html


def test_autosaved_draft_survives_a_session_timeout(client, author, draft):
    client.force_login(author)
    loaded = draft.latest_revision
    autosave = client.post(
        edit_url(draft),
        story_form(
            draft,
            "Typed before the timeout",
            loaded_revision_id=loaded.pk,
            loaded_revision_created_at=loaded.created_at.isoformat(),
        ),
        **JSON,
    )
    body = autosave.json()
    assert body["success"]
    # A later autosave in the same editing session overwrites its own revision only.
    again = client.post(
        edit_url(draft),
        story_form(draft, "Typed a bit more", overwrite_revision_id=body["revision_id"]),
        **JSON,
    )
    assert again.json()["revision_id"] == body["revision_id"]

    # The session times out (its row/cache entry is gone): the next autosave is refused...
    client.session.flush()
    client.cookies.pop(settings.SESSION_COOKIE_NAME, None)
    refused = client.post(
        edit_url(draft),
        story_form(draft, "Typed after the timeout", overwrite_revision_id=body["revision_id"]),
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
        **JSON,
    )
    assert refused.status_code in (302, 403)
    # ...but what was autosaved before is kept as the draft, and shown after logging in.
    client.force_login(author)
    html = client.get(edit_url(draft)).content.decode()
    assert "Typed a bit more" in html
    draft.refresh_from_db()
    assert draft.get_latest_revision().as_object().title == "Typed a bit more"
    assert draft.get_latest_revision().user == author


def add_views(story, day, views):
    return StoryDailyViews.objects.create(story=story, day=day, source="direct", views=views)


def total_views(story):
    return StoryDailyViews.objects.filter(story=story).aggregate(total=Sum("views"))["total"]


def test_counts_survive_reverting_to_an_older_revision(client, editor, author):
    story = StoryPageFactory(owner=author, title="First version")
    first_revision = story.live_revision
    story.title = "Second version"
    story.save_revision(user=editor).publish(user=editor)
    add_views(story, datetime.date(2026, 11, 1), 40)
    add_views(story, datetime.date(2026, 11, 2), 2)

    # What the admin's "Revert to this revision" + "Publish" does.
    client.force_login(editor)
    revert = client.get(
        reverse("wagtailadmin_pages:revisions_revert", args=[story.pk, first_revision.pk])
    )
    assert revert.status_code == 200
    first_revision.as_object().save_revision(user=editor).publish(user=editor)

    story = StoryPage.objects.get(pk=story.pk)
    assert story.title == "First version"
    assert total_views(story) == 42
    assert StoryDailyViews.objects.filter(story=story).count() == 2


def test_counts_survive_moving_the_story(author):
    story = StoryPageFactory(owner=author)
    add_views(story, datetime.date(2026, 11, 1), 7)
    index = StoryIndexPage.objects.get()
    # A second section (max_count guards the admin's "add", not the tree API).
    archive = index.get_parent().add_child(instance=StoryIndexPage(title="Archive", slug="archive"))
    # Editors hold rights on the story index only; an admin moves between sections.
    story.move(archive, pos="last-child", user=AdminFactory())

    story = StoryPage.objects.get(pk=story.pk)
    assert story.get_parent().pk == archive.pk
    assert story.url_path.startswith(archive.url_path)
    assert total_views(story) == 7
