"""Two-factor sign-in (cms/two_factor.py, its views and the admin gate)."""

import time

import pytest
from django.contrib.auth import SESSION_KEY
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from cms import two_factor
from stories.models import Audience
from tests.factories import (
    AdminFactory,
    AuthorFactory,
    CoachFactory,
    EditorFactory,
    StoryPageFactory,
    TOTPDeviceFactory,
)
from tests.factories.people import PASSWORD

# Messages are checked in English; the site default (LANGUAGE_CODE) is German.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_default_language")]

SETUP_URL = "/admin/two-factor/"
VERIFY_URL = "/admin/two-factor/verify/"
REMOVE_URL = "/admin/two-factor/remove/"


@pytest.fixture
def two_factor_on(settings):
    settings.STORYWERK_TWO_FACTOR = True


def code_for(device, steps_ahead=0):
    """The code the user's app shows now (or `steps_ahead` 30-second steps later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def password_login(client, user):
    response = client.post("/admin/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)


def assert_refused(response):
    """Wagtail turns a PermissionDenied in the admin into a redirect home with a message."""
    assert response.status_code == 302
    assert response.url == "/admin/"


def log_actions(user):
    return list(
        ModelLogEntry.objects.filter(object_id=str(user.pk)).values_list("action", "user_id")
    )


# Set-up


def test_setup_page_shows_a_qr_code_and_the_key_without_confirming_anything(client):
    author = AuthorFactory()
    client.force_login(author)
    response = client.get(SETUP_URL)
    assert response.status_code == 200
    html = response.content.decode()
    device = TOTPDevice.objects.get(user=author)
    assert not device.confirmed
    assert 'src="data:image/svg+xml;base64,' in html
    assert two_factor.manual_entry_key(device) in html
    # The admin policy allows the data: image; the page needs no script of its own.
    assert "img-src 'self' data:" in response["Content-Security-Policy"]
    # Reloading shows the same secret (a half-scanned code keeps working).
    client.get(SETUP_URL)
    assert TOTPDevice.objects.get(user=author).key == device.key


def test_a_wrong_code_does_not_confirm_the_device(client):
    author = AuthorFactory()
    client.force_login(author)
    client.get(SETUP_URL)
    response = client.post(SETUP_URL, {"code": "000000"})
    assert response.status_code == 200
    assert "This code is not valid" in response.content.decode()
    assert not TOTPDevice.objects.get(user=author).confirmed
    assert two_factor.confirmed_device(author) is None


def test_a_valid_code_confirms_the_device_verifies_the_session_and_is_logged(client):
    author = AuthorFactory()
    client.force_login(author)
    client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=author)
    response = client.post(SETUP_URL, {"code": code_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get("/admin/").status_code == 200
    assert log_actions(author) == [(two_factor.ENABLED_ACTION, author.pk)]


def test_a_code_typed_with_a_space_is_accepted(client):
    author = AuthorFactory()
    client.force_login(author)
    client.get(SETUP_URL)
    code = code_for(TOTPDevice.objects.get(user=author))
    client.post(SETUP_URL, {"code": f"{code[:3]} {code[3:]}"})
    assert two_factor.confirmed_device(author) is not None


# Sign-in with a device


def test_a_user_with_a_device_must_enter_the_code_before_any_admin_page(client):
    author = AuthorFactory()
    device = TOTPDeviceFactory(user=author)
    password_login(client, author)
    for path in ("/admin/", "/admin/pages/", "/admin/account/", "/admin/my-data/", SETUP_URL):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith(f"{VERIFY_URL}?next="), path

    assert client.get(VERIFY_URL).status_code == 200
    response = client.post(VERIFY_URL, {"code": code_for(device), "next": "/admin/pages/"})
    assert response.status_code == 302
    assert response.url == "/admin/pages/"
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_at_sign_in_is_a_form_error_and_keeps_the_admin_closed(client):
    author = AuthorFactory()
    TOTPDeviceFactory(user=author)
    password_login(client, author)
    response = client.post(VERIFY_URL, {"code": "123456"})
    assert response.status_code == 200
    assert "This code is not valid" in response.content.decode()
    assert client.get("/admin/").url.startswith(VERIFY_URL)


def test_right_after_a_wrong_code_the_device_asks_to_wait(client):
    """django-otp's throttling: 1, 2, 4 ... seconds after each wrong code."""
    author = AuthorFactory()
    device = TOTPDeviceFactory(user=author)
    password_login(client, author)
    client.post(VERIFY_URL, {"code": "123456"})
    response = client.post(VERIFY_URL, {"code": code_for(device)})
    assert "Wait a few seconds" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_code_cannot_be_used_twice(client):
    author = AuthorFactory()
    device = TOTPDeviceFactory(user=author)
    code = code_for(device)
    password_login(client, author)
    assert client.post(VERIFY_URL, {"code": code}).status_code == 302
    client.post("/admin/logout/")
    password_login(client, author)
    response = client.post(VERIFY_URL, {"code": code})
    assert response.status_code == 200
    assert "This code is not valid" in response.content.decode()


def test_verify_never_redirects_to_another_site(client):
    author = AuthorFactory()
    device = TOTPDeviceFactory(user=author)
    password_login(client, author)
    response = client.post(
        VERIFY_URL, {"code": code_for(device), "next": "https://evil.example/admin/"}
    )
    assert response.url == "/admin/"


def test_verification_attempts_are_rate_limited_per_user(client, settings):
    settings.STORYWERK_TWO_FACTOR_RATE_LIMIT = (3, 600)
    author = AuthorFactory()
    TOTPDeviceFactory(user=author)
    password_login(client, author)
    for _ in range(3):
        assert client.post(VERIFY_URL, {"code": "123456"}).status_code == 200
    response = client.post(VERIFY_URL, {"code": "123456"}, REMOTE_ADDR="198.51.100.9")
    # Another address does not help: the limit is per account.
    assert response.status_code == 429
    assert response["Retry-After"] == "600"


def test_an_unverified_session_still_reads_internal_stories(client, two_factor_on):
    """2FA gates the admin only (docs/security.md): any employee account reads the site."""
    story = StoryPageFactory(owner=AuthorFactory(), audience=Audience.INTERNAL, title="Inside")
    editor = EditorFactory()
    TOTPDeviceFactory(user=editor)
    password_login(client, editor)
    response = client.get(story.url)
    assert response.status_code == 200
    assert b"Inside" in response.content
    assert client.get("/admin/").url.startswith(VERIFY_URL)


# Who is required to use it


@pytest.mark.parametrize("factory", [EditorFactory, AdminFactory], ids=["editor", "admin"])
def test_editors_and_admins_without_a_device_are_sent_to_setup_when_enabled(
    client, two_factor_on, factory
):
    user = factory()
    password_login(client, user)
    for path in ("/admin/", "/admin/pages/", "/admin/account/", VERIFY_URL):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith(f"{SETUP_URL}?next="), path
    response = client.get(SETUP_URL)
    assert response.status_code == 200
    assert "Your role requires two-factor authentication" in response.content.decode()
    # The set-up page's own assets and signing out stay open.
    assert client.get("/admin/jsi18n/").status_code == 200
    assert client.get("/admin/sprite/").status_code == 200
    assert client.post("/admin/logout/").status_code == 302
    assert SESSION_KEY not in client.session


def test_an_editor_who_sets_up_a_device_gets_to_the_admin(client, two_factor_on):
    editor = EditorFactory()
    password_login(client, editor)
    client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=editor)
    response = client.post(SETUP_URL, {"code": code_for(device), "next": "/admin/pages/"})
    assert response.url == "/admin/pages/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("factory", [EditorFactory, AdminFactory], ids=["editor", "admin"])
def test_nobody_is_sent_to_setup_when_disabled(client, settings, factory):
    settings.STORYWERK_TWO_FACTOR = False
    password_login(client, factory())
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("factory", [AuthorFactory, CoachFactory], ids=["author", "coach"])
def test_authors_and_coaches_are_not_forced_but_may_opt_in(client, two_factor_on, factory):
    user = factory()
    password_login(client, user)
    assert client.get("/admin/").status_code == 200
    response = client.get("/admin/account/")
    assert response.status_code == 200
    assert SETUP_URL in response.content.decode()


# Removing one's own device, and an Admin's reset


def test_removing_ones_own_device_needs_a_current_code(client):
    author = AuthorFactory()
    device = TOTPDeviceFactory(user=author)
    password_login(client, author)
    client.post(VERIFY_URL, {"code": code_for(device)})

    response = client.post(REMOVE_URL, {"code": "000000"})
    assert response.status_code == 200
    assert two_factor.confirmed_device(author) is not None

    # Skip the throttling pause the wrong code started (tested above), and use the app's next
    # code: the one that signed in cannot be used twice, and one step ahead is tolerated.
    device.refresh_from_db()
    device.throttle_reset()
    response = client.post(REMOVE_URL, {"code": code_for(device, steps_ahead=1)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=author).exists()
    assert (two_factor.REMOVED_ACTION, author.pk) in log_actions(author)
    # Without a device the author signs in with the password only again.
    assert client.get("/admin/").status_code == 200


def test_an_admin_resets_another_users_device_and_it_is_audit_logged(client):
    admin = AdminFactory()
    editor = EditorFactory()
    TOTPDeviceFactory(user=editor)
    client.force_login(admin)

    listing = client.get("/admin/users/").content.decode()
    assert f"{SETUP_URL}reset/{editor.pk}/" in listing
    assert f"{SETUP_URL}reset/{admin.pk}/" not in listing

    assert client.get(f"{SETUP_URL}reset/{editor.pk}/").status_code == 200
    response = client.post(f"{SETUP_URL}reset/{editor.pk}/")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert log_actions(editor) == [(two_factor.RESET_ACTION, admin.pk)]


@pytest.mark.parametrize("factory", [EditorFactory, AuthorFactory], ids=["editor", "author"])
def test_non_admins_cannot_reset_someone_elses_device(client, factory):
    target = AuthorFactory()
    TOTPDeviceFactory(user=target)
    client.force_login(factory())
    assert_refused(client.get(f"{SETUP_URL}reset/{target.pk}/"))
    assert_refused(client.post(f"{SETUP_URL}reset/{target.pk}/"))
    assert two_factor.confirmed_device(target) is not None


def test_an_admin_cannot_reset_their_own_device_without_a_code(client):
    admin = AdminFactory()
    device = TOTPDeviceFactory(user=admin)
    password_login(client, admin)
    client.post(VERIFY_URL, {"code": code_for(device)})
    assert_refused(client.post(f"{SETUP_URL}reset/{admin.pk}/"))
    assert two_factor.confirmed_device(admin) is not None
