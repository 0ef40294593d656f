"""Deactivate accounts the company's provider has not vouched for in N days (never delete).

People who left the company can no longer sign in there; this catches their accounts here.
Only accounts linked to the provider are touched, and no superuser (an installation must not
lock its last administrator out). A later company sign-in reactivates such an account.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from authors.company_sign_in.models import CompanyAccount


class Command(BaseCommand):
    help = "Deactivate accounts not signed in with the company account for N days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Days without a company sign-in (default: OIDC_DEACTIVATE_AFTER_DAYS).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Only list them.")

    def handle(self, *args, days=None, dry_run=False, **options):
        days = days if days is not None else settings.STORYWERK_OIDC_DEACTIVATE_AFTER_DAYS
        if days < 1:
            self.stderr.write("--days must be at least 1.")
            return
        cutoff = timezone.now() - timedelta(days=days)
        accounts = CompanyAccount.objects.select_related("user").filter(
            last_seen_at__lt=cutoff, user__is_active=True, user__is_superuser=False
        )
        count = 0
        for account in accounts:
            count += 1
            if dry_run:
                self.stdout.write(f"would deactivate {account.user.username}")
                continue
            with transaction.atomic():
                user = account.user
                user.is_active = False
                # With update_fields naming is_active, the deactivation receivers run
                # (user_deactivated, the coach hand-over).
                user.save(update_fields=["is_active"])
                account.deactivated_as_unseen = True
                account.save(update_fields=["deactivated_as_unseen"])
        verb = "would deactivate" if dry_run else "deactivated"
        self.stdout.write(f"{verb} {count} account(s) not seen for {days} days")
