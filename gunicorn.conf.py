"""gunicorn settings for Storywerk's app servers (`gunicorn cms.wsgi -c gunicorn.conf.py`).

Recycling: each worker restarts after `max_requests` plus a random 0..`max_requests_jitter`
requests (guarding against slow memory growth). With the old `--max-requests 2000
--max-requests-jitter 200` and no preload, two workers started together reached their limits
within ~100 requests of each other, restarted within a second of each other and each took
2-3 s to import Django: nothing answered meanwhile (p99 43 ms -> 6.8 s under `make soak`).
Here:
- `preload_app`: Django is imported once in the master; a recycled worker is a fork that
  answers within milliseconds instead of seconds.
- `max_requests_jitter` of the order of `max_requests` (>= half, tested): workers' limits
  differ by hundreds of requests, so restarts spread out instead of lining up.
Every value can be overridden by the environment variable named beside it.
"""

import multiprocessing
import os


def _number(name, default):
    # An empty variable (as .env.example lists them) means the default.
    return int(os.environ.get(name) or default)


bind = os.environ.get("GUNICORN_BIND") or "0.0.0.0:8000"
# WEB_CONCURRENCY: gunicorn's own convention; default 2 x cores + 1 (sync workers).
workers = _number("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1)
max_requests = _number("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _number("GUNICORN_MAX_REQUESTS_JITTER", max_requests // 2)
preload_app = True
timeout = _number("GUNICORN_TIMEOUT", 30)
graceful_timeout = _number("GUNICORN_GRACEFUL_TIMEOUT", 20)
# No access log by default: gunicorn's format starts with the client's IP (docs/readership.md).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
