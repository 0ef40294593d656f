"""Link an existing account to a person at the company's provider by their subject (`sub`).

The way in for Editors and Admins, whose accounts the company sign-in never links by email
address (docs/sign-in.md). The subject is what the provider's ID token carries as `sub`.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from authors.company_sign_in.models import CompanyAccount


class Command(BaseCommand):
    help = "Link an account to the company's OpenID provider by the person's subject."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("subject", help="The person's `sub` at the provider.")
        parser.add_argument("--issuer", default=None, help="Default: OIDC_ISSUER.")

    def handle(self, *args, username, subject, issuer=None, **options):
        issuer = (issuer or settings.OIDC_ISSUER).rstrip("/")
        if not issuer:
            raise CommandError("No issuer: set OIDC_ISSUER or pass --issuer.")
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account named {username}.")
        taken = CompanyAccount.objects.filter(issuer=issuer, subject=subject).exclude(user=user)
        if taken.exists():
            raise CommandError("That subject is linked to another account.")
        CompanyAccount.objects.update_or_create(
            user=user,
            defaults={"issuer": issuer, "subject": subject, "last_seen_at": timezone.now()},
        )
        self.stdout.write(f"{username} is linked to {subject} at {issuer}")
