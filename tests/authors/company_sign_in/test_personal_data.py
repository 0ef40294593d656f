"""The data export includes the link to the company's sign-in (authors/personal_data.py)."""

import pytest
from django.utils import timezone

from authors.company_sign_in.models import CompanyAccount
from authors.personal_data import personal_data_for
from tests.factories import AuthorFactory

pytestmark = pytest.mark.django_db


def test_the_data_export_names_the_company_account():
    user = AuthorFactory()
    CompanyAccount.objects.create(
        user=user,
        issuer="https://login.acme.example",
        subject="abc-123",
        last_seen_at=timezone.now(),
        amr=["pwd", "mfa"],
    )
    exported = personal_data_for(user)["company_account"]
    assert (exported["subject"], exported["amr"]) == ("abc-123", ["pwd", "mfa"])
    assert personal_data_for(AuthorFactory())["company_account"] is None
