"""Every form that takes a password shares one rate limit per hashed client."""

import pytest
import time_machine
from django.contrib.auth.views import LoginView
from django.urls import URLResolver, get_resolver

pytestmark = pytest.mark.django_db

LOGIN_FORMS = ["/login/", "/en/login/", "/admin/login/", "/_util/login/", "/en/_util/login/"]


def _routes(patterns, prefix="/"):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern.callback


def _takes_a_password(callback):
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return issubclass(view_class, LoginView)
    return getattr(callback, "__name__", "") == "authenticate_with_password"


def test_every_route_that_takes_a_password_is_under_the_login_limit(settings):
    limited = [prefix for scope, prefix, *_ in settings.STORYWERK_RATE_LIMITS if scope == "login"]
    routes = [route for route, cb in _routes(get_resolver().url_patterns) if _takes_a_password(cb)]
    assert {"/login/", "/admin/login/", "/_util/login/"} <= set(routes)
    for route in routes:
        assert any(route.startswith(prefix) for prefix in limited), route


@pytest.mark.parametrize("url", LOGIN_FORMS)
def test_each_login_form_answers_429_after_ten_posts_from_one_client(client, url):
    with time_machine.travel(1_000_000, tick=False):
        for n in range(10):
            response = client.post(url, {"username": f"name{n}", "password": "Winter2026!"})
            assert response.status_code != 429
        response = client.post(url, {"username": "name10", "password": "Winter2026!"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_spraying_one_password_over_many_names_and_forms_is_capped_at_one_budget(client):
    # Axes locks a name after 5 failures; one try per name never reaches that.
    statuses = []
    with time_machine.travel(1_000_000, tick=False):
        for n in range(40):
            url = LOGIN_FORMS[n % len(LOGIN_FORMS)]
            data = {"username": f"employee{n}", "password": "Winter2026!"}
            statuses.append(client.post(url, data, REMOTE_ADDR="198.51.100.7").status_code)
        other_client = client.post(
            "/_util/login/", {"username": "x", "password": "y"}, REMOTE_ADDR="198.51.100.8"
        )
    assert statuses.count(429) == 30
    assert 429 not in statuses[:10]
    assert other_client.status_code != 429
