import logging

import pytest
from django.core.cache import cache
from django.core.management import call_command

from cms import scheduler


@pytest.fixture
def isolated_jobs(monkeypatch):
    monkeypatch.setattr(scheduler, "_jobs", {})
    return scheduler


def test_publish_scheduled_is_registered_every_minute():
    jobs = {job.name: job for job in scheduler.registered_jobs()}
    assert jobs["publish_scheduled"].seconds == 60


@pytest.mark.django_db
def test_a_job_runs_and_its_run_is_logged(isolated_jobs, caplog):
    calls = []
    job = scheduler.Job("count", lambda: calls.append(1), 60)
    with caplog.at_level(logging.INFO, logger="storywerk.scheduler"):
        assert scheduler.run_job(job) == "ok"
    assert calls == [1]
    assert "job count ran" in caplog.text


def test_a_failing_job_is_logged_and_does_not_raise(isolated_jobs, caplog):
    def boom():
        raise RuntimeError("kaputt")

    with caplog.at_level(logging.INFO, logger="storywerk.scheduler"):
        assert scheduler.run_job(scheduler.Job("boom", boom, 60)) == "failed"
    assert "job boom failed" in caplog.text
    # The lock is released, so the next run is not blocked.
    assert scheduler.run_job(scheduler.Job("boom", lambda: None, 60)) == "ok"


def test_a_job_already_running_elsewhere_is_skipped(isolated_jobs):
    calls = []
    cache.add(scheduler.LOCK_PREFIX + "busy", "other-process", 60)
    assert scheduler.run_job(scheduler.Job("busy", lambda: calls.append(1), 60)) == "skipped"
    assert calls == []


def test_built_scheduler_runs_a_registered_job_and_survives_a_failing_one(
    isolated_jobs, monkeypatch
):
    from apscheduler.schedulers.background import BackgroundScheduler

    # The scheduler thread refreshes DB connections around each run (checked, not done here).
    refreshed = []
    monkeypatch.setattr(scheduler, "close_old_connections", lambda: refreshed.append(1))
    calls = []
    isolated_jobs.register_job("ok", lambda: calls.append("ok"), seconds=60)
    isolated_jobs.register_job("fails", lambda: 1 / 0, seconds=60)
    sched = isolated_jobs.build_scheduler(BackgroundScheduler)
    assert {job.id for job in sched.get_jobs()} == {"ok", "fails"}
    assert all(job.max_instances == 1 for job in sched.get_jobs())
    # Run each job's trigger target directly, as APScheduler would.
    results = [job.func(*job.args) for job in sched.get_jobs()]
    assert sorted(results) == ["failed", "ok"]
    assert calls == ["ok"]
    assert len(refreshed) == 4


@pytest.mark.django_db
def test_run_scheduler_once_runs_every_job(capsys):
    call_command("run_scheduler", "--once")
    assert "publish_scheduled: ok" in capsys.readouterr().out
