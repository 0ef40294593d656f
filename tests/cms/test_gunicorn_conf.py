"""The shipped gunicorn configuration never lets its workers recycle in lockstep."""

import runpy
from pathlib import Path

import pytest

CONF = Path(__file__).resolve().parent.parent.parent / "gunicorn.conf.py"


@pytest.fixture
def conf(monkeypatch):
    for name in ("WEB_CONCURRENCY", "GUNICORN_MAX_REQUESTS", "GUNICORN_MAX_REQUESTS_JITTER"):
        monkeypatch.delenv(name, raising=False)
    return runpy.run_path(str(CONF))


def test_jitter_is_at_least_half_of_max_requests(conf):
    # Workers started together reach limits drawn from [max, max + jitter]: with a jitter of
    # half the limit or more they are hundreds of requests apart, so their restarts (and the
    # short gaps they cause) do not line up.
    assert conf["max_requests"] > 0
    assert conf["max_requests_jitter"] >= conf["max_requests"] / 2


def test_the_app_is_preloaded_so_a_recycled_worker_answers_at_once(conf):
    # Without preload each new worker imports Django (2-3 s) before it answers anything.
    assert conf["preload_app"] is True


def test_there_is_more_than_one_worker(conf):
    assert conf["workers"] >= 2


def test_an_overridden_limit_keeps_the_jitter_proportional(monkeypatch):
    monkeypatch.setenv("GUNICORN_MAX_REQUESTS", "10000")
    monkeypatch.delenv("GUNICORN_MAX_REQUESTS_JITTER", raising=False)
    conf = runpy.run_path(str(CONF))
    assert conf["max_requests_jitter"] >= conf["max_requests"] / 2
