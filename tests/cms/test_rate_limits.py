"""Rate limits (cms/ratelimit.py): the counter itself, and on the public forms a clear 429
page keyed on a hashed client."""

import pytest
import time_machine

from cms.ratelimit import hashed_key, hit

pytestmark = pytest.mark.django_db


@pytest.fixture
def tight_limits(settings):
    tight = {"login": 3, "password-reset": 2, "invitation": 3}
    settings.STORYWERK_RATE_LIMITS = [
        (scope, prefix, tight[scope], window)
        for scope, prefix, _limit, window in settings.STORYWERK_RATE_LIMITS
    ]
    # Lockouts (axes) are not what these tests are about.
    settings.AXES_ENABLED = False


@pytest.mark.parametrize(
    ("url", "data", "limit"),
    [
        ("/login/", {"username": "x", "password": "y"}, 3),
        ("/en/login/", {"username": "x", "password": "y"}, 3),
        ("/admin/login/", {"username": "x", "password": "y"}, 3),
        ("/admin/password_reset/", {"email": "x@example.com"}, 2),
        ("/invitation/not-a-token/", {"username": "x"}, 3),
    ],
)
def test_public_form_answers_429_after_the_limit(client, tight_limits, url, data, limit):
    with time_machine.travel(1_000_000, tick=False):
        for _ in range(limit):
            assert client.post(url, data).status_code != 429
        response = client.post(url, data)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert "<h1>" in html and "/static/css/site.css" in html  # the site's own, clear page


def test_limit_is_per_client(client, tight_limits):
    with time_machine.travel(1_000_000, tick=False):
        for _ in range(3):
            client.post("/login/", {"username": "x", "password": "y"}, REMOTE_ADDR="203.0.113.1")
        assert client.post("/login/", {}, REMOTE_ADDR="203.0.113.1").status_code == 429
        assert client.post("/login/", {}, REMOTE_ADDR="203.0.113.2").status_code != 429


def test_limit_is_released_after_the_window(client, tight_limits):
    with time_machine.travel(1_000_000, tick=False) as traveller:
        for _ in range(4):
            client.post("/login/", {"username": "x", "password": "y"})
        assert client.post("/login/", {}).status_code == 429
        traveller.shift(61)
        assert client.post("/login/", {}).status_code != 429


def test_reading_pages_is_not_limited(client, tight_limits):
    for _ in range(10):
        assert client.get("/login/").status_code == 200


def test_rate_limit_keys_hold_no_raw_ip(client, tight_limits, monkeypatch):
    from cms import ratelimit

    seen = []
    real_hit = ratelimit.hit
    monkeypatch.setattr(
        ratelimit, "hit", lambda scope, key, **kw: seen.append(key) or real_hit(scope, key, **kw)
    )
    client.post("/login/", {"username": "x", "password": "y"}, REMOTE_ADDR="203.0.113.77")
    assert seen, "the limiter counted the POST"
    assert not any("203.0.113.77" in key for key in seen)


# --- the counter --------------------------------------------------------------------------


def test_allows_up_to_the_limit_then_refuses():
    results = [hit("t", "reader", limit=3) for _ in range(5)]
    assert results == [True, True, True, False, False]


def test_window_resets_the_count():
    with time_machine.travel(1_000_000, tick=False) as traveller:
        assert all(hit("w", "k", limit=2, window=60) for _ in range(2))
        assert not hit("w", "k", limit=2, window=60)
        traveller.shift(61)
        assert hit("w", "k", limit=2, window=60)


def test_keys_are_independent_and_hashed_keys_hide_their_input():
    assert hit("s", "a", limit=1)
    assert hit("s", "b", limit=1)
    key = hashed_key("203.0.113.7", "Firefox")
    assert "203.0.113.7" not in key and len(key) == 32
    assert key == hashed_key("203.0.113.7", "Firefox")


def test_behind_the_trusted_proxy_each_client_has_its_own_login_limit(
    client, tight_limits, settings
):
    settings.STORYWERK_TRUSTED_PROXIES = ["10.0.0.0/8"]
    proxied = {"REMOTE_ADDR": "10.0.0.2"}
    data = {"username": "x", "password": "y"}
    with time_machine.travel(1_000_000, tick=False):
        for _ in range(3):
            client.post("/login/", data, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxied)
        assert (
            client.post("/login/", data, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxied)
        ).status_code == 429
        other = client.post("/login/", data, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxied)
    assert other.status_code != 429
