"""The 429 page reads as whole sentences in German, singular and plural."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (1, "Bitte warten Sie 1 Minute und versuchen Sie es dann erneut."),
        (5, "Bitte warten Sie 5 Minuten und versuchen Sie es dann erneut."),
    ],
)
def test_german_429_page_shows_the_full_sentence(minutes, expected):
    request = RequestFactory().get("/")
    with translation.override("de"):
        html = render_to_string("429.html", {"retry_after_minutes": minutes}, request=request)
    assert "Zu viele Versuche" in html
    assert "Sie haben dieses Formular zu oft gesendet." in html
    assert expected in html
