"""Nothing lost: users are deactivated, never deleted, from the Wagtail admin."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Comment, ModelLogEntry, Revision

from authors.views import DEACTIVATE_ACTION
from tests.factories import AdminFactory, CommentFactory, StoryPageFactory

# These tests read English UI text; the site default (LANGUAGE_CODE) is German.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_default_language")]

User = get_user_model()


@pytest.fixture
def admin(db):
    return AdminFactory(username="admin")


@pytest.fixture
def users(author, coach, editor, admin):
    return {"author": author, "coach": coach, "editor": editor, "admin": admin}


def assert_denied(response):
    """Wagtail answers a PermissionDenied in the admin with a redirect to the dashboard."""
    assert response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    ), response


def delete_url(user):
    return reverse("wagtailusers_users:delete", args=[user.pk])


def deactivate_url(user):
    return reverse("wagtailusers_users:deactivate", args=[user.pk])


def bulk_delete_url(*users):
    ids = "&".join(f"id={user.pk}" for user in users)
    return reverse("wagtail_bulk_action", args=["auth", "user", "delete"]) + "?" + ids


@pytest.mark.parametrize("role", ["author", "coach", "editor", "admin"])
def test_nobody_can_delete_a_user_through_the_admin(client, users, author2, role):
    client.force_login(users[role])
    response = client.post(delete_url(author2))
    if role == "admin":
        # An admin is sent to deactivation instead.
        assert response.status_code == 302
        assert response["Location"] == deactivate_url(author2)
    else:
        assert_denied(response)
    assert User.objects.filter(pk=author2.pk).exists()


@pytest.mark.parametrize("role", ["author", "coach", "editor", "admin"])
def test_nobody_can_bulk_delete_users(client, users, author2, role):
    client.force_login(users[role])
    response = client.post(bulk_delete_url(author2), {"id": [author2.pk]})
    assert response.status_code in (302, 403, 404)
    assert User.objects.filter(pk=author2.pk).exists()


def test_admin_user_listing_offers_deactivate_and_no_delete(client, admin, author2):
    client.force_login(admin)
    response = client.get(reverse("wagtailusers_users:index"))
    html = response.content.decode()
    assert response.status_code == 200
    assert deactivate_url(author2) in html
    assert delete_url(author2) not in html
    assert bulk_delete_url().split("?")[0] not in html


def test_admin_user_edit_page_has_no_delete_link(client, admin, author2):
    client.force_login(admin)
    response = client.get(reverse("wagtailusers_users:edit", args=[author2.pk]))
    assert response.status_code == 200
    assert delete_url(author2) not in response.content.decode()


@pytest.mark.parametrize("role", ["author", "coach", "editor"])
def test_only_admins_may_deactivate_users(client, users, author2, role):
    client.force_login(users[role])
    assert_denied(client.get(deactivate_url(author2)))
    assert_denied(client.post(deactivate_url(author2)))
    author2.refresh_from_db()
    assert author2.is_active


def test_anonymous_visitor_cannot_reach_user_admin(client, author2):
    response = client.post(deactivate_url(author2))
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    author2.refresh_from_db()
    assert author2.is_active


def test_admin_cannot_deactivate_themselves(client, admin):
    client.force_login(admin)
    assert_denied(client.post(deactivate_url(admin)))
    admin.refresh_from_db()
    assert admin.is_active


def test_deactivation_asks_for_confirmation_first(client, admin, author2):
    client.force_login(admin)
    response = client.get(deactivate_url(author2))
    assert response.status_code == 200
    assert "Yes, deactivate" in response.content.decode()
    author2.refresh_from_db()
    assert author2.is_active


def test_deactivated_author_keeps_stories_revisions_and_comments(client, admin, author, coach):
    story = StoryPageFactory(owner=author, title="Kept story")
    story.save_revision(user=author)
    CommentFactory(page=story, user=author, text="My own remark")
    CommentFactory(page=story, user=coach, text="Coach remark")
    revisions_before = Revision.objects.filter(user=author).count()

    client.force_login(admin)
    response = client.post(deactivate_url(author))
    assert response.status_code == 302

    author.refresh_from_db()
    story.refresh_from_db()
    assert not author.is_active
    assert story.owner_id == author.pk
    assert story.live
    assert Revision.objects.filter(user=author).count() == revisions_before >= 2
    assert Comment.objects.filter(page=story, user=author, text="My own remark").exists()
    assert ModelLogEntry.objects.filter(
        action=DEACTIVATE_ACTION, object_id=str(author.pk), user=admin
    ).exists()


def test_deactivated_user_cannot_log_in(client, admin, author):
    client.force_login(admin)
    client.post(deactivate_url(author))
    client.logout()
    assert not client.login(username="author", password="a-long-test-password")


def test_editor_cannot_delete_an_author_profile_either(client, editor, admin, author):
    profile = author.author_profile
    for user in (editor, admin):
        client.force_login(user)
        url = reverse("wagtailsnippets_authors_authorprofile:delete", args=[profile.pk])
        assert client.post(url).status_code in (302, 403)
    assert type(profile).objects.filter(pk=profile.pk).exists()
