"""Who sees what in the admin, surface by surface and role by role (stories/permissions.py)."""

import html

import pytest
from django.urls import reverse

from stories.models import StoryIndexPage, StoryPage
from tests.factories import AuthorFactory, CoachFactory, ImageFactory, StoryPageFactory

pytestmark = pytest.mark.django_db

SECRET = "Author's secret draft"


@pytest.fixture
def stranger_coach(db):
    """A coach with other authors: not paired with `author`."""
    coach = CoachFactory(username="stranger_coach")
    AuthorFactory(profile__coach=coach)
    return coach


def listing_surfaces(page):
    index = StoryIndexPage.objects.get()
    return {
        "explorer": reverse("wagtailadmin_explore", args=[index.pk]),
        "all pages listing": reverse("wagtailadmin_explore_root") + "?q=secret",
        "admin search": reverse("wagtailadmin_pages:search") + "?q=secret",
        "admin api listing": reverse("wagtailadmin_api:pages:listing")
        + f"?child_of={index.pk}&fields=title",
        "admin api search": reverse("wagtailadmin_api:pages:listing") + "?search=secret",
        "page chooser": reverse("wagtailadmin_choose_page_child", args=[index.pk]),
        "page chooser search": reverse("wagtailadmin_choose_page_search") + "?q=secret",
        "page type usage": reverse("wagtailadmin_pages:type_use", args=["stories", "storypage"]),
        "page types usage report": reverse("wagtailadmin_reports:page_types_usage"),
        "site history": reverse("wagtailadmin_reports:site_history"),
        "workflow report": reverse("wagtailadmin_reports:workflow"),
        "workflow tasks report": reverse("wagtailadmin_reports:workflow_tasks"),
        "dashboard": reverse("wagtailadmin_home"),
    }


def object_surfaces(page):
    revision = page.get_latest_revision()
    index = StoryIndexPage.objects.get()
    bulk = {
        f"bulk {action}": reverse("wagtail_bulk_action", args=["wagtailcore", "page", action])
        + f"?id={page.pk}"
        for action in ("publish", "delete", "move", "unpublish")
    }
    return bulk | {
        "explorer of the story": reverse("wagtailadmin_explore", args=[page.pk]),
        "explorer results": reverse("wagtailadmin_explore_results", args=[page.pk]),
        "page chooser below the story": reverse("wagtailadmin_choose_page_child", args=[page.pk]),
        "move confirmation": reverse("wagtailadmin_pages:move_confirm", args=[page.pk, index.pk]),
        "workflow preview, wrong task": reverse(
            "wagtailadmin_pages:workflow_preview", args=[page.pk, 999999]
        ),
        "workflow cancellation": reverse(
            "wagtailadmin_pages:confirm_workflow_cancellation", args=[page.pk]
        ),
        "edit": reverse("wagtailadmin_pages:edit", args=[page.pk]),
        "history": reverse("wagtailadmin_pages:history", args=[page.pk]),
        "revisions": reverse("wagtailadmin_pages:revisions_index", args=[page.pk]),
        "revision view": reverse("wagtailadmin_pages:revisions_view", args=[page.pk, revision.pk]),
        "compare": reverse(
            "wagtailadmin_pages:revisions_compare", args=[page.pk, "earliest", "latest"]
        ),
        "preview": reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk]),
        "usage": reverse("wagtailadmin_pages:usage", args=[page.pk]),
        "workflow history": reverse("wagtailadmin_pages:workflow_history", args=[page.pk]),
        "admin api detail": reverse("wagtailadmin_api:pages:detail", args=[page.pk]),
    }


def _leaks(client, url):
    response = client.get(url)
    body = html.unescape(response.content.decode()) if response.status_code == 200 else ""
    return SECRET in body


def _opens_or_tells(client, url):
    """The view answers 200, or names the draft on the way (an error message after a
    redirect counts: Wagtail puts the title in some refusals)."""
    if client.get(url).status_code == 200:
        return True
    followed = client.get(url, follow=True)
    return SECRET in html.unescape(followed.content.decode())


@pytest.mark.parametrize("role", ["author2", "stranger_coach"])
def test_others_never_see_the_draft_on_any_listing(request, client, role, submitted):
    client.force_login(request.getfixturevalue(role))
    leaks = [name for name, url in listing_surfaces(submitted).items() if _leaks(client, url)]
    assert leaks == []


@pytest.mark.parametrize("role", ["author2", "stranger_coach"])
def test_others_cannot_open_the_draft_on_any_object_view(request, client, role, submitted):
    client.force_login(request.getfixturevalue(role))
    opened = [
        name for name, url in object_surfaces(submitted).items() if _opens_or_tells(client, url)
    ]
    assert opened == []


def test_the_surfaces_do_show_the_draft_to_its_author(client, author, submitted):
    """Guards the test above: the surfaces really would show the title."""
    client.force_login(author)
    for name in ("explorer", "admin search", "admin api listing", "page chooser"):
        assert _leaks(client, listing_surfaces(submitted)[name]), name


@pytest.mark.parametrize("role", ["coach", "editor"])
def test_paired_coach_and_editor_see_and_open_the_draft(request, client, role, submitted):
    client.force_login(request.getfixturevalue(role))
    assert _leaks(client, listing_surfaces(submitted)["explorer"])
    for name in ("edit", "history", "preview", "compare"):
        assert client.get(object_surfaces(submitted)[name]).status_code == 200, name


def test_coach_may_edit_in_the_coach_step_but_not_the_editorial_step(
    driver, author, coach, editor, submitted
):
    perms = submitted.permissions_for_user(coach)
    assert perms.can_edit()
    assert not submitted.current_workflow_task.locked_for_user(submitted, coach)
    assert submitted.current_workflow_task.locked_for_user(submitted, author)
    driver.login(coach)
    driver.act(submitted, "approve")
    page = StoryPage.objects.get(pk=submitted.pk)
    assert page.current_workflow_task.locked_for_user(page, coach)
    assert not page.current_workflow_task.locked_for_user(page, editor)


@pytest.mark.parametrize("role", ["author", "author2", "coach", "stranger_coach"])
def test_no_author_or_coach_can_publish_or_delete_others_stories(request, role, submitted):
    perms = submitted.permissions_for_user(request.getfixturevalue(role))
    assert not perms.can_publish()
    assert not perms.can_unpublish()
    if role != "author":
        assert not perms.can_delete()


def test_co_author_may_edit_the_draft(author2, author):
    story = StoryPageFactory(
        owner=author, live=False, co_authors=[author2.author_profile], title="Team story"
    )
    assert story.permissions_for_user(author2).can_edit()


def test_other_authors_live_story_shows_only_when_no_draft_title_differs(client, author, author2):
    live = StoryPageFactory(owner=author, title="Live title")
    client.force_login(author2)
    url = reverse("wagtailadmin_choose_page_child", args=[StoryIndexPage.objects.get().pk])
    assert "Live title" in client.get(url).content.decode()
    live.title = "Unpublished new title"
    live.save_revision(user=author)
    assert "Unpublished new title" not in client.get(url).content.decode()


def test_image_chooser_hides_other_authors_images(client, author, author2, coach):
    ImageFactory(title="Author's draft picture", uploaded_by_user=author)
    ImageFactory(title="Stock picture")
    client.force_login(author2)
    chooser = reverse("wagtailimages_chooser:choose")
    page = html.unescape(client.get(chooser).content.decode())
    assert "Stock picture" in page
    assert "Author's draft picture" not in page
    client.force_login(coach)
    assert "draft picture" in client.get(chooser).content.decode()


@pytest.mark.parametrize("role", ["author2", "stranger_coach"])
def test_others_cannot_publish_or_act_through_the_admin_api(request, client, role, submitted):
    client.force_login(request.getfixturevalue(role))
    url = reverse("wagtailadmin_api:pages:action", args=[submitted.pk, "publish"])
    client.post(url, content_type="application/json", data={})
    assert not StoryPage.objects.get(pk=submitted.pk).live


def test_editor_cannot_publish_a_never_live_story_through_the_admin_api(client, editor, submitted):
    client.force_login(editor)
    url = reverse("wagtailadmin_api:pages:action", args=[submitted.pk, "publish"])
    response = client.post(url, content_type="application/json", data={})
    assert response.status_code in (400, 403, 404)
    assert not StoryPage.objects.get(pk=submitted.pk).live


@pytest.fixture
def draft_picture(author):
    return ImageFactory(title="Author's draft picture", uploaded_by_user=author)


def test_admin_images_api_lists_only_images_the_user_may_choose(
    client, author2, coach, draft_picture
):
    ImageFactory(title="Stock picture")
    url = reverse("wagtailadmin_api:images:listing")
    client.force_login(author2)
    for query in ({}, {"search": "picture"}):
        body = client.get(url, query).content.decode()
        assert "Stock picture" in body
        assert "draft picture" not in body
        assert draft_picture.file.name not in body
    detail = reverse("wagtailadmin_api:images:detail", args=[draft_picture.pk])
    assert client.get(detail).status_code == 404
    client.force_login(coach)
    assert "draft picture" in client.get(url, {"search": "picture"}).content.decode()


def test_image_chooser_will_not_hand_out_another_authors_image_by_id(
    client, author, author2, draft_picture
):
    url = reverse("wagtailimages_chooser:chosen", args=[draft_picture.pk])
    client.force_login(author2)
    response = client.get(url)
    assert "draft picture" not in response.content.decode()
    client.force_login(author)
    assert "draft picture" in client.get(url).content.decode()


def _profile_form(user, photo):
    from authors.forms import OwnProfileForm

    data = {"bio": "Hi", "photo": photo.pk, "profile_visibility": "public"}
    return OwnProfileForm(data, instance=user.author_profile)


def test_own_profile_photo_must_be_an_image_the_user_may_choose(author2, draft_picture):
    form = _profile_form(author2, draft_picture)
    assert not form.is_valid()
    assert "photo" in form.errors
    own = ImageFactory(title="Me", uploaded_by_user=author2)
    assert _profile_form(author2, own).is_valid()
    assert _profile_form(author2, ImageFactory(title="Stock")).is_valid()


def test_own_profile_keeps_a_photo_an_editor_set(author2, draft_picture):
    profile = author2.author_profile
    profile.photo = draft_picture
    profile.save()
    assert _profile_form(author2, draft_picture).is_valid()


def test_usage_of_ones_own_image_does_not_name_another_authors_draft(client, author, author2):
    picture = ImageFactory(title="Shared picture", uploaded_by_user=author2)
    StoryPageFactory(owner=author, live=False, title=SECRET, hero_image=picture)
    client.force_login(author2)
    response = client.get(reverse("wagtailimages:image_usage", args=[picture.pk]))
    body = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert SECRET not in body
    # Guards the test: the draft is listed, under a placeholder.
    rows = response.context["table"].data
    assert [row["edit_url"] for row in rows] == [None]


def test_review_of_a_coach_who_left_coaches_is_open_to_the_other_coaches_only(
    client, author, coach, stranger_coach, submitted
):
    """A coach moved out of Coaches whose review was not handed over (a pairing from before
    the hand-over): the other coaches may approve it, so they may open it; the former coach
    may neither."""
    from stories.models import CoachReviewTaskState
    from stories.permissions import restrict_pages_for
    from tests.factories import UserFactory

    former = UserFactory(username="former_coach")
    CoachReviewTaskState.objects.filter(status="in_progress").update(assigned_coach=former)
    pages = StoryPage.objects.filter(pk=submitted.pk)
    assert list(restrict_pages_for(stranger_coach, pages)) == [submitted]
    assert list(restrict_pages_for(former, pages)) == []
