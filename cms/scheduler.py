"""The one scheduler: apps register periodic jobs here, `manage.py run_scheduler` runs them.

Built on APScheduler. Each run is logged, a failing job never stops the scheduler, and a
cache lock (Redis in production, shared by every app server) keeps two scheduler processes
from running the same job at the same time.
"""

import logging
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.core.management import call_command
from django.db import close_old_connections

logger = logging.getLogger("storywerk.scheduler")

LOCK_PREFIX = "storywerk:scheduler-lock:"


@dataclass(frozen=True)
class Job:
    """A periodic job: a callable run every `seconds`."""

    name: str
    func: object
    seconds: int


_jobs: dict[str, Job] = {}


def register_job(name, func, *, seconds):
    """Register (or replace) a periodic job. Call from an AppConfig.ready()."""
    _jobs[name] = Job(name=name, func=func, seconds=seconds)
    return func


def registered_jobs():
    return list(_jobs.values())


def call_command_job(command, *args, **options):
    """A job that runs a management command."""

    def run():
        call_command(command, *args, **options)

    run.__name__ = f"call_{command}"
    return run


def run_job(job):
    """Run one job once, under a cross-process lock; log the outcome, never raise.

    Returns "ok", "failed" or "skipped" (another process holds the lock).
    """
    lock_key = LOCK_PREFIX + job.name
    token = uuid.uuid4().hex
    # The lock expires on its own should a process die while holding it.
    if not cache.add(lock_key, token, timeout=max(job.seconds * 5, 60)):
        logger.info("job %s skipped: already running elsewhere", job.name)
        return "skipped"
    try:
        job.func()
    except Exception:
        logger.exception("job %s failed", job.name)
        return "failed"
    else:
        logger.info("job %s ran", job.name)
        return "ok"
    finally:
        if cache.get(lock_key) == token:
            cache.delete(lock_key)


def run_scheduled_job(job):
    """What the scheduler thread runs: `run_job` with fresh database connections."""
    close_old_connections()
    try:
        return run_job(job)
    finally:
        close_old_connections()


def build_scheduler(scheduler_class=None):
    """An APScheduler instance with every registered job (one instance of each at a time)."""
    if scheduler_class is None:
        from apscheduler.schedulers.blocking import BlockingScheduler

        scheduler_class = BlockingScheduler
    scheduler = scheduler_class(timezone="UTC")
    for job in registered_jobs():
        scheduler.add_job(
            run_scheduled_job,
            "interval",
            seconds=job.seconds,
            args=[job],
            id=job.name,
            name=job.name,
            max_instances=1,
            coalesce=True,
            replace_existing=True,
        )
    return scheduler
