"""Logins: axes lockout on username + hashed client, deactivation, session rotation, resets."""

import ipaddress
import re
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import RequestFactory
from django.utils import timezone

from cms.login_protection import hashed_client_ip
from tests.factories import AuthorFactory, UserFactory

# The lockout message is checked in English; the site default (LANGUAGE_CODE) is German.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_default_language")]

PASSWORD = "a-long-test-password"


def attempt(client, username, password, url="/admin/login/", ip="203.0.113.7"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.parametrize("login_url", ["/login/", "/admin/login/"])
def test_five_failures_lock_the_account_for_this_client_even_with_the_right_password(
    client, author, login_url
):
    for _ in range(5):
        assert attempt(client, "author", "wrong-password", login_url).status_code in (200, 429)
    response = attempt(client, "author", PASSWORD, login_url)
    assert response.status_code == 429
    assert SESSION_KEY not in client.session
    assert "15 minutes" in response.content.decode()


def test_four_failures_do_not_lock(client, author):
    for _ in range(4):
        attempt(client, "author", "wrong-password")
    response = attempt(client, "author", PASSWORD)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(author.pk)


def test_lockout_is_released_after_the_fifteen_minute_cool_off(client, author):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            attempt(client, "author", "wrong-password")
        assert attempt(client, "author", PASSWORD).status_code == 429
    with time_machine.travel(start + timedelta(minutes=14), tick=False):
        assert attempt(client, "author", PASSWORD).status_code == 429
    # A failure during the lockout restarts the cool-off (axes' default), so wait the full 15.
    with time_machine.travel(start + timedelta(minutes=14 + 16), tick=False):
        response = attempt(client, "author", PASSWORD)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(author.pk)


def test_lockout_is_per_username_and_client(client, author, author2):
    for _ in range(5):
        attempt(client, "author", "wrong-password", ip="203.0.113.7")
    # The same account from another client, and another account from the same client, work.
    assert attempt(client, "author", PASSWORD, ip="198.51.100.9").status_code == 302
    client.logout()
    assert attempt(client, "author2", PASSWORD, ip="203.0.113.7").status_code == 302


def test_no_raw_ip_address_is_stored(client, author):
    for _ in range(3):
        attempt(client, "author", "wrong-password", ip="203.0.113.7")
    stored = AccessAttempt.objects.get()
    assert stored.ip_address != "203.0.113.7"
    assert "203.0.113.7" not in str(stored.__dict__)
    assert ipaddress.IPv6Address(stored.ip_address) in ipaddress.IPv6Network("fd00::/8")


def test_client_hash_is_stable_per_client_and_differs_between_clients():
    factory = RequestFactory()
    one = hashed_client_ip(factory.get("/", REMOTE_ADDR="203.0.113.7"))
    assert one == hashed_client_ip(factory.get("/", REMOTE_ADDR="203.0.113.7"))
    assert one != hashed_client_ip(factory.get("/", REMOTE_ADDR="203.0.113.8"))
    assert "203.0.113.7" not in one


def test_session_key_is_rotated_at_login(client, author):
    client.get("/login/")
    session = client.session
    session["marker"] = "before-login"
    session.save()
    before = session.session_key
    response = attempt(client, "author", PASSWORD, url="/login/")
    assert response.status_code == 302
    assert client.session.session_key != before


def test_deactivated_user_loses_access_at_the_next_request(client, editor):
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    editor.is_active = False
    editor.save()
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert SESSION_KEY not in client.session


def test_deactivated_author_can_no_longer_read_internal_stories(client, author):
    from stories.models import Audience
    from tests.factories import StoryPageFactory

    story = StoryPageFactory(audience=Audience.INTERNAL)
    client.force_login(author)
    assert client.get(story.url).status_code == 200
    author.is_active = False
    author.save()
    assert client.get(story.url).status_code == 302


def test_deactivated_user_cannot_log_in(client):
    UserFactory(username="gone", is_active=False)
    response = attempt(client, "gone", PASSWORD, url="/login/")
    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client):
    AuthorFactory(username="known", email="known@example.com")
    known = client.post("/admin/password_reset/", {"email": "known@example.com"})
    unknown = client.post("/admin/password_reset/", {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]

    def page(url):
        # The CSRF token differs per request; everything else must be identical.
        return re.sub(r"[A-Za-z0-9]{64}", "TOKEN", client.get(url).content.decode())

    assert page(known["Location"]) == page(unknown["Location"])
    assert len(mail.outbox) == 1  # only the real account gets mail


def test_password_validators_require_twelve_characters():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("Short-pw-1!")
    validate_password("a-much-longer-passphrase")


def test_lockout_key_is_the_client_behind_the_trusted_proxy_not_the_balancer(settings):
    settings.STORYWERK_TRUSTED_PROXIES = ["10.0.0.0/8"]
    factory = RequestFactory()
    first = factory.post("/login/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.7")
    second = factory.post("/login/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.8")
    spoofed = factory.post(
        "/login/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.7"
    )

    # Two employees behind the balancer are two clients; a forged header from outside is not.
    assert hashed_client_ip(first) != hashed_client_ip(second)
    assert hashed_client_ip(spoofed) != hashed_client_ip(first)
    assert "198.51.100.7" not in hashed_client_ip(first)
