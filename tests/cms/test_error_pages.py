"""Error pages: custom 404/500 templates, no debug information, security headers."""

import pytest
from django.test import Client, override_settings
from django.urls import path

pytestmark = pytest.mark.django_db


def explode(request):
    raise RuntimeError("secret-internal-detail")


urlpatterns = [path("explode/", explode)]


def test_404_uses_the_custom_template_without_debug_information(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'class="skip-link"' in html  # the site's base template, not Django's technical 404
    assert "URLconf" not in html and "Traceback" not in html


@override_settings(ROOT_URLCONF="tests.cms.test_error_pages", DEBUG=False)
def test_500_uses_the_custom_template_without_debug_information():
    client = Client(raise_request_exception=False)
    response = client.get("/explode/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "secret-internal-detail" not in html
    assert "Traceback" not in html and "RuntimeError" not in html


def test_500_template_stands_alone():
    # The 500 page must render even when the database or context processors are broken.
    from django.template.loader import get_template

    html = get_template("500.html").render({})
    assert "<h1>" in html and "{%" not in html


@override_settings(
    SECURE_HSTS_SECONDS=31536000,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    SECURE_HSTS_PRELOAD=True,
    SECURE_SSL_REDIRECT=True,
    SESSION_COOKIE_SECURE=True,
    CSRF_COOKIE_SECURE=True,
)
def test_production_like_settings_send_the_security_headers(client, author):
    insecure = client.get("/")
    assert insecure.status_code == 301
    assert insecure["Location"].startswith("https://")
    response = client.get("/login/", secure=True)
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "Content-Security-Policy" in response
    login = client.post(
        "/login/", {"username": "author", "password": "a-long-test-password"}, secure=True
    )
    assert login.cookies["sessionid"]["secure"]
    assert login.cookies["sessionid"]["httponly"]
    assert login.cookies["csrftoken"]["secure"]
