"""Delete reader hashes and salts older than two days; make sure today's salt exists."""

from django.core.management.base import BaseCommand

from stories.readership import storage


class Command(BaseCommand):
    help = "Rotate the daily readership salt and delete old reader hashes (hourly, idempotent)."

    def handle(self, *args, **options):
        storage.rotate_salts()
        self.stdout.write("Readership salts rotated.")
