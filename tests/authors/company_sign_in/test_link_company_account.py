"""manage.py link_company_account: how an editor's account is linked (never by email)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from authors.company_sign_in.models import CompanyAccount
from authors.company_sign_in.people import sign_in
from tests.factories import AuthorFactory, EditorFactory

pytestmark = pytest.mark.django_db
ISSUER = "https://login.acme.example"


def test_an_editor_linked_by_subject_signs_in_to_their_own_account(settings):
    settings.OIDC_ISSUER = ISSUER
    editor = EditorFactory(username="eda", email="eda@acme.example")
    call_command("link_company_account", "eda", "sub-eda", stdout=StringIO())

    user = sign_in({"sub": "sub-eda", "email": "eda@acme.example"}, issuer=ISSUER, amr=[], acr="")
    assert user.pk == editor.pk


def test_a_subject_links_one_account_only(settings):
    settings.OIDC_ISSUER = ISSUER
    AuthorFactory(username="one")
    AuthorFactory(username="two")
    call_command("link_company_account", "one", "sub-x", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("link_company_account", "two", "sub-x", stdout=StringIO())
    assert CompanyAccount.objects.get().user.username == "one"
