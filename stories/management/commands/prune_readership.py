"""Delete readership rollups older than the retention period (25 months)."""

from django.core.management.base import BaseCommand

from stories.readership import storage


class Command(BaseCommand):
    help = "Delete readership rollup rows older than STORYWERK_READERSHIP_RETENTION_MONTHS."

    def handle(self, *args, **options):
        deleted = storage.prune_rollups()
        self.stdout.write(f"Pruned {deleted} readership rows.")
