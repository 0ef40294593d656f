"""Production settings: fail fast without secrets; `check --deploy` is clean."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, env_overrides):
    dropped = {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(env_overrides)
    env["DJANGO_SETTINGS_MODULE"] = "cms.settings.production"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_manage("check", env_overrides={"ALLOWED_HOSTS": "stories.example.com"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_refuse_to_start_without_allowed_hosts():
    result = run_manage("check", env_overrides={"SECRET_KEY": "x" * 50})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_check_deploy_is_clean_under_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={
            "SECRET_KEY": "k3y-" + "z8Q!pL0_vR2#nT6@wX9" * 3,
            "ALLOWED_HOSTS": "stories.example.com",
            "EMAIL_HOST": "smtp.example.com",
            "SITE_URL": "https://stories.example.com",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def _base_settings(monkeypatch, **environ):
    import runpy

    for name in ("CONN_HEALTH_CHECKS", "DATABASE_URL", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "cms" / "settings" / "base.py"))


def test_persistent_database_connections_are_health_checked(monkeypatch):
    # A connection kept across requests (CONN_MAX_AGE) dies with a database restart; checked
    # before reuse it is replaced, instead of failing the next request of every worker.
    base = _base_settings(monkeypatch, DATABASE_URL="postgres://u@db.example.com/storywerk")
    assert base["DATABASES"]["default"]["CONN_MAX_AGE"] > 0
    assert base["DATABASES"]["default"]["CONN_HEALTH_CHECKS"] is True


def test_a_redis_outage_does_not_break_pages(monkeypatch):
    # Cache errors are ignored (reads miss, writes are dropped) and time out quickly.
    base = _base_settings(monkeypatch, REDIS_URL="redis://cache.example.com:6379/0")
    options = base["CACHES"]["default"]["OPTIONS"]
    assert options["IGNORE_EXCEPTIONS"] is True
    assert options["SOCKET_CONNECT_TIMEOUT"] <= 2
