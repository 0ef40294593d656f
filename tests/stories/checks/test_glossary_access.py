"""Who keeps the company glossary: Editors and Admins, never Authors or Coaches."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from stories.checks.models import GlossarySettings, GlossaryTerm
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _url():
    pk = GlossarySettings.load().pk
    return reverse("wagtailsettings:edit", args=["stories", "glossarysettings", pk])


def _one_term(avoid="KPI", prefer="key figure"):
    return nested_form_data(
        {"terms": inline_formset([{"avoid": avoid, "prefer": prefer, "language": ""}])}
    )


def test_an_editor_adds_a_word_to_avoid(client, editor):
    client.force_login(editor)
    assert client.get(_url()).status_code == 200
    response = client.post(_url(), _one_term())
    assert response.status_code == 302
    assert [str(term) for term in GlossaryTerm.objects.all()] == ["KPI → key figure"]


def test_an_administrator_opens_the_glossary(client):
    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    assert client.get(_url()).status_code == 200


@pytest.mark.parametrize("role", ["author", "coach"])
def test_authors_and_coaches_cannot_change_the_glossary(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(_url()).status_code in (302, 403)
    client.post(_url(), _one_term())
    assert not GlossaryTerm.objects.exists()
