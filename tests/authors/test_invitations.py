"""Invitations: editors invite by email; the single-use, expiring link creates an author."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from authors.invitations import send_invitation
from authors.models import AUTHORS_GROUP, AuthorProfile, Invitation, ProfileVisibility
from tests.factories import DepartmentFactory, InvitationFactory, UserFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "username": "new.author",
    "display_name": "New Author",
    "password1": "a-long-new-passphrase",
    "password2": "a-long-new-passphrase",
    "profile_visibility": ProfileVisibility.PUBLIC,
    "consent": "on",
}


def invite(editor, email="new.author@example.com", **fields):
    return send_invitation(Invitation(email=email, **fields), invited_by=editor)


def test_editor_invites_by_email_and_the_link_arrives(
    client, editor, django_capture_on_commit_callbacks
):
    department = DepartmentFactory()
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/invitations/new/",
            {"email": "new.author@example.com", "display_name": "New", "department": department.pk},
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.invited_by == editor
    assert invitation.expires_at > timezone.now() + timedelta(days=6)
    (message,) = mail.outbox
    assert message.to == ["new.author@example.com"]
    token = re.search(r"/invitation/([\w-]+)/", message.body).group(1)
    # Only a hash of the token is stored.
    assert token not in str(Invitation.objects.values().get())
    assert client.get(f"/invitation/{token}/").status_code == 200


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("author", 302), ("coach", 302), ("editor", 200), ("admin", 200)],
)
def test_who_may_open_the_invitation_form(client, role, expected, author, coach, editor):
    users = {
        "author": author,
        "coach": coach,
        "editor": editor,
        "admin": UserFactory(is_superuser=True),
    }
    if role != "anonymous":
        client.force_login(users[role])
    response = client.get("/admin/invitations/new/")
    # Wagtail redirects users without permission to the dashboard (or login) with a message.
    assert response.status_code == expected
    if role in ("author", "coach"):
        assert client.post("/admin/invitations/new/", {"email": "x@example.com"}).status_code == 302
        assert not Invitation.objects.exists()


def test_editors_get_no_user_management_rights(client, editor):
    client.force_login(editor)
    for url in ["/admin/users/", "/admin/users/new/", "/admin/groups/"]:
        response = client.get(url)
        assert response.status_code in (302, 403), url
    assert not editor.has_perm("auth.add_user")
    assert not editor.has_perm("auth.change_user")
    assert not editor.has_perm("auth.change_group")


def test_invitation_for_an_existing_account_is_refused(client, editor, author):
    client.force_login(editor)
    response = client.post("/admin/invitations/new/", {"email": author.email.upper()})
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert not Invitation.objects.exists()


def test_accepting_creates_an_author_with_profile_and_consent(client, editor):
    department = DepartmentFactory()
    token = invite(editor, display_name="Prefilled", department=department)
    assert 'value="Prefilled"' in client.get(f"/invitation/{token}/").content.decode()
    response = client.post(f"/invitation/{token}/", GOOD)
    assert response.status_code == 302
    user = get_user_model().objects.get(username="new.author")
    assert user.email == "new.author@example.com"
    assert user.check_password("a-long-new-passphrase")
    assert list(user.groups.values_list("name", flat=True)) == [AUTHORS_GROUP]
    assert not user.is_staff and not user.is_superuser
    assert not user.user_permissions.exists()
    profile = AuthorProfile.objects.get(user=user)
    assert profile.display_name == "New Author"
    assert profile.department == department
    assert profile.profile_visibility == ProfileVisibility.PUBLIC
    assert client.session[SESSION_KEY] == str(user.pk)
    invitation = Invitation.objects.get()
    assert invitation.accepted_user == user and invitation.accepted_at


def test_the_link_works_only_once(client, editor):
    token = invite(editor)
    assert client.post(f"/invitation/{token}/", GOOD).status_code == 302
    client.logout()
    again = client.post(f"/invitation/{token}/", {**GOOD, "username": "second"})
    assert again.status_code == 410
    assert client.get(f"/invitation/{token}/").status_code == 410
    assert get_user_model().objects.filter(username="second").count() == 0


def test_the_link_expires(client, editor):
    token = invite(editor)
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert client.get(f"/invitation/{token}/").status_code == 410
        assert client.post(f"/invitation/{token}/", GOOD).status_code == 410
    assert not get_user_model().objects.filter(username="new.author").exists()


def test_an_unknown_token_is_refused(client):
    assert client.get("/invitation/made-up-token/").status_code == 410


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"password1": "Short-pw1!", "password2": "Short-pw1!"}, "password2"),
        ({"password2": "something-else-entirely"}, "password2"),
        ({"consent": ""}, "consent"),
        ({"profile_visibility": "everyone"}, "profile_visibility"),
        ({"username": "editor"}, "username"),
        ({"display_name": ""}, "display_name"),
    ],
)
def test_invalid_acceptance_is_a_form_error_and_spends_nothing(client, editor, change, field):
    token = invite(editor)
    response = client.post(f"/invitation/{token}/", {**GOOD, **change})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Invitation.objects.usable().count() == 1
    assert not AuthorProfile.objects.exists()


def test_invitation_listing_queries_do_not_grow_with_invitations(
    client, editor, django_assert_max_num_queries
):
    client.force_login(editor)
    InvitationFactory(invited_by=editor, department=DepartmentFactory())
    with CaptureQueriesContext(connection) as one:
        assert client.get("/admin/invitations/").status_code == 200
    for _ in range(15):
        InvitationFactory(invited_by=editor, department=DepartmentFactory())
    with django_assert_max_num_queries(len(one)):
        assert client.get("/admin/invitations/").status_code == 200


def test_invitation_factory_builds_a_valid_pending_invitation(client):
    invitation = InvitationFactory()
    invitation.full_clean()
    assert Invitation.objects.usable().get() == invitation
    assert client.get(f"/invitation/{invitation._token}/").status_code == 200


@pytest.mark.parametrize("language", ["en", "de"])
def test_invitation_form_speaks_to_the_editor_not_to_the_invitee(client, editor, language):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = language
    profile.save()
    client.force_login(editor)
    html = client.get("/admin/invitations/new/").content.decode()
    expected = {
        "en": "How the invited person&#x27;s name will appear in bylines",
        "de": "So erscheint der Name der eingeladenen Person",
    }[language]
    assert expected in html
    assert "Ihr Name" not in html
    assert "your name" not in html.lower()
