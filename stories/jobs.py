"""The stories app's periodic jobs: each is a management command the scheduler runs.

cms/scheduler.py runs them (`manage.py run_scheduler`); registered in StoriesConfig.ready().
"""

from cms.scheduler import call_command_job, register_job

HOUR = 3600
DAY = 86400

JOBS = (
    # Remind whoever an overdue review waits on (at most once per step and day).
    ("send_review_reminders", DAY),
    # Move buffered readership counts into the daily rollups.
    ("flush_readership", 60),
    # The readers' hash salt rotates daily; the job makes sure the new one exists in time.
    ("rotate_readership_salts", HOUR),
    ("prune_readership", DAY),
    # Weekly, but safe to run hourly: each author gets each week's digest once.
    ("send_readership_digest", HOUR),
    # Agency coaches' accounts end on their date (authors/agency.py); hourly, so within the hour.
    ("end_agency_access", HOUR),
)


def register():
    for command, seconds in JOBS:
        register_job(command, call_command_job(command), seconds=seconds)
