"""Deactivate (never delete) agency coaches' accounts whose access has ended."""

from django.core.management.base import BaseCommand

from authors.agency import end_ended_accesses


class Command(BaseCommand):
    help = "Deactivate agency coaches whose access ends today or ended before."

    def handle(self, *args, **options):
        ended = end_ended_accesses()
        self.stdout.write(f"Ended {ended} agency accounts.")
