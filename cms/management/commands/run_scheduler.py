from django.core.management.base import BaseCommand

from cms.scheduler import build_scheduler, registered_jobs, run_job


class Command(BaseCommand):
    help = "Run the periodic jobs that the apps register (one process per deployment is enough)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every job once and exit.")

    def handle(self, *args, once=False, **options):
        if once:
            for job in registered_jobs():
                self.stdout.write(f"{job.name}: {run_job(job)}")
            return
        scheduler = build_scheduler()
        names = ", ".join(job.name for job in registered_jobs())
        self.stdout.write(f"Scheduler started with jobs: {names}")
        try:
            scheduler.start()
        except (KeyboardInterrupt, SystemExit):
            self.stdout.write("Scheduler stopped.")
