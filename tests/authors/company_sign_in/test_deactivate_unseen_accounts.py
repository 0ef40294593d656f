"""manage.py deactivate_unseen_accounts: deactivates (never deletes) accounts the provider has
not vouched for in N days; a later company sign-in brings them back."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from authors.company_sign_in.models import CompanyAccount
from authors.company_sign_in.people import sign_in
from tests.factories import AuthorFactory, CoachFactory

pytestmark = pytest.mark.django_db


def linked(user, days_ago):
    return CompanyAccount.objects.create(
        user=user,
        issuer="https://login.acme.example",
        subject=f"sub-{user.pk}",
        last_seen_at=timezone.now() - timedelta(days=days_ago),
    )


def test_unseen_accounts_are_deactivated_not_deleted():
    gone = linked(AuthorFactory(username="gone"), days_ago=31)
    recent = linked(AuthorFactory(username="recent"), days_ago=5)
    admin = linked(AuthorFactory(username="root", is_superuser=True), days_ago=400)
    password_only = AuthorFactory(username="password-only")

    out = StringIO()
    call_command("deactivate_unseen_accounts", "--days", "30", stdout=out)

    for account in (gone, recent, admin):
        account.user.refresh_from_db()
    password_only.refresh_from_db()
    assert not gone.user.is_active
    assert recent.user.is_active and admin.user.is_active and password_only.is_active
    assert "deactivated 1 account(s)" in out.getvalue()


def test_a_dry_run_changes_nothing():
    account = linked(AuthorFactory(), days_ago=100)
    call_command("deactivate_unseen_accounts", "--days", "30", "--dry-run", stdout=StringIO())
    account.user.refresh_from_db()
    assert account.user.is_active


def test_a_deactivated_coach_hands_over_and_a_new_sign_in_reactivates(settings):
    coach = CoachFactory(username="coach-gone")
    author = AuthorFactory(profile__coach=coach)
    account = linked(coach, days_ago=200)

    call_command("deactivate_unseen_accounts", "--days", "90", stdout=StringIO())

    author.author_profile.refresh_from_db()
    assert author.author_profile.coach is None
    claims = {"sub": account.subject, "email": coach.email, "email_verified": True}
    user = sign_in(claims, issuer=account.issuer, amr=["pwd"], acr="")
    assert user.pk == coach.pk and user.is_active
