"""Move buffered readership counts (Redis) into the daily rollups; check milestones."""

from django.core.management.base import BaseCommand

from stories.readership import storage


class Command(BaseCommand):
    help = "Flush buffered readership counts into the rollups (every minute on the scheduler)."

    def handle(self, *args, **options):
        touched = storage.flush()
        self.stdout.write(f"Readership flushed ({len(touched)} stories changed).")
