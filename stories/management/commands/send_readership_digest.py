"""Email last week's readership digest to authors who had readers (once per week each)."""

from django.core.management.base import BaseCommand

from stories.readership.notifications import send_weekly_digests


class Command(BaseCommand):
    help = "Send the weekly readership digest (safe to run hourly: each user gets it once)."

    def handle(self, *args, **options):
        sent = send_weekly_digests()
        self.stdout.write(f"Readership digests sent: {len(sent)}.")
