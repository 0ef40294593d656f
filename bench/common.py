"""Shared pieces of `make bench` and `make bench-cluster`: servers, wrk, the Django side.

Only the standard library: the benchmark drives the site from outside, like a load balancer.
"""

import json
import os
import shutil
import signal
import statistics
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
DATA_DIR = ROOT / "bench" / "data"
GUNICORN_CONF = ROOT / "gunicorn.conf.py"

PG_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/storywerk_bench_data"
)
# The plain page under Django's and Wagtail's defaults has its own database (other apps).
PG_DEFAULTS_URL = PG_URL + "_defaults"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
SQLITE_PATH = str(DATA_DIR / "bench.sqlite3")
DURATION = float(os.environ.get("BENCH_DURATION", 3))
REPEATS = int(os.environ.get("BENCH_REPEATS", 3))
# Sync workers queue what they cannot take: a few connections more than workers suffice.
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", 4))
WORKERS = int(os.environ.get("BENCH_WORKERS", 2))
DESKTOP_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)

# wrk reports through this Lua hook: requests, duration (us), errors, latency percentiles (us).
REPORT_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH_RESULT %d %d %d %d %d %d %d\\n",
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""
BEACON_LUA = """
wrk.method = "POST"
wrk.body = "story=" .. os.getenv("BENCH_STORY") .. "&kind=view"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
"""


def server_env(
    *, database="pg", redis=True, page_cache=False, counting=True, extra=None, settings=None
):
    """Production settings with dummy secrets, DEBUG off, plain HTTP on loopback.

    `settings`: another settings module (bench.settings_bench: production plus the plain
    baseline page; bench.settings_defaults: Django's and Wagtail's defaults).
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "SQLITE_PATH", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="bench-only-secret-key-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="WARNING",
        PAGE_CACHE_ENABLED="true" if page_cache else "false",
        READERSHIP_COUNTING="true" if counting else "false",
        # One machine sends everything: the per-address limiter would answer 429, and the
        # daily ceiling per address would stop counting the synthetic readers.
        STORYWERK_READERSHIP_RATE_LIMIT="1000000000",
        STORYWERK_READERSHIP_DAILY_CEILING="1000000000",
        STORYWERK_READERSHIP_REDIS_URL=REDIS_URL if redis else "",
        # Admin sessions are made in the database (no phone): the cluster's bench-admin would
        # otherwise be sent to set up two-factor sign-in (on by default in production).
        TWO_FACTOR="false",
        PYTHONDONTWRITEBYTECODE="1",
        # No recycling: peak RSS per worker after the run shows any growth.
        GUNICORN_MAX_REQUESTS="0",
    )
    if not counting:
        env["DJANGO_SETTINGS_MODULE"] = "bench.settings_nocounting"
    if settings:
        env["DJANGO_SETTINGS_MODULE"] = settings
    if database == "pg":
        env["DATABASE_URL"] = PG_URL
    elif database == "pg-defaults":
        env["DATABASE_URL"] = PG_DEFAULTS_URL
    else:
        env["SQLITE_PATH"] = SQLITE_PATH
    if redis:
        env["REDIS_URL"] = REDIS_URL
    env.update(extra or {})
    return env


def ensure_postgres_database(url=PG_URL):
    """Create the bench database on a fresh machine (the PostgreSQL server must be running)."""
    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    code = (
        "import sys, psycopg\n"
        "name = sys.argv[2]\n"
        "with psycopg.connect(sys.argv[1], autocommit=True) as conn:\n"
        "    found = conn.execute('SELECT 1 FROM pg_database WHERE datname = %s', [name])\n"
        "    if not found.fetchone():\n"
        "        conn.execute('CREATE DATABASE \"%s\"' % name.replace('\"', ''))\n"
    )
    subprocess.run([PY, "-c", code, admin, name], check=True)


def manage(env, *args, check=True):
    return subprocess.run(
        [PY, "manage.py", *args], env=env, cwd=ROOT, check=check, capture_output=True, text=True
    )


def django_side(env, *args):
    result = subprocess.run(
        [PY, str(ROOT / "bench" / "django_side.py"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip().splitlines()[-1]


def http(url, *, data=None, headers=None, timeout=10):
    """(status, body, headers) of one request; never raises on HTTP errors."""
    request = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def status_of(url, headers=None):
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        request = urllib.request.Request(url, headers=headers or {})  # noqa: S310
        with opener.open(request, timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as error:
        return error.code


# port -> pid of the gunicorn master serving it (for CPU and memory figures from /proc).
SERVER_PIDS = {}
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as found:
            return [int(child) for child in found.read().split()]
    except OSError:
        return []


def _stat_times(pid, *, with_reaped=False):
    try:
        with open(f"/proc/{pid}/stat") as found:
            fields = found.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    # utime, stime, cutime, cstime are fields 14-17 (1-based); after the ")" they are 11-14.
    times = [int(value) for value in fields[11:15]]
    return sum(times if with_reaped else times[:2])


def server_cpu_seconds(port):
    """User + system CPU of a gunicorn master and its workers (recycled ones included)."""
    pid = SERVER_PIDS.get(port)
    if pid is None:
        return None
    ticks = _stat_times(pid, with_reaped=True) + sum(_stat_times(c) for c in _children(pid))
    return ticks / _CLOCK_TICKS


def worker_peak_rss_mb(port):
    """Largest peak resident memory (VmHWM) among a gunicorn master's live workers, in MB."""
    peaks = []
    for child in _children(SERVER_PIDS.get(port, 0)):
        try:
            with open(f"/proc/{child}/status") as found:
                for line in found:
                    if line.startswith("VmHWM:"):
                        peaks.append(int(line.split()[1]) / 1024)
        except OSError:
            pass
    return max(peaks) if peaks else None


def _port_of(url):
    return urllib.parse.urlsplit(url).port


@contextmanager
def gunicorn(port, env, *, workers=WORKERS, config=GUNICORN_CONF, extra_args=(), log_path=None):
    """A gunicorn (production settings) on 127.0.0.1:port; stopped (by its pid) on exit.

    `config`: the shipped gunicorn.conf.py by default (preload, recycling); the command line
    below overrides its bind, workers and timeouts. `extra_args` go last (they win).
    """
    log = (
        open(log_path, "w")  # noqa: SIM115 - closed in the finally below
        if log_path
        else tempfile.NamedTemporaryFile(  # noqa: SIM115
            mode="w", prefix=f"bench-gunicorn-{port}-", suffix=".log", delete=False
        )
    )
    process = subprocess.Popen(
        [
            GUNICORN,
            "cms.wsgi",
            "--config",
            str(config),
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--graceful-timeout",
            "5",
            "--timeout",
            "60",
            *extra_args,
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    SERVER_PIDS[port] = process.pid
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {log.name}")
            try:
                if http(f"http://127.0.0.1:{port}/healthz", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer on port {port}; see {log.name}")
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def wrk(url, *, headers=(), lua="", env=None, duration=DURATION, connections=CONNECTIONS):
    """One wrk run: requests/s, latency p50/p95/p99 (ms) and failed requests."""
    if not shutil.which("wrk"):
        raise RuntimeError("wrk is not installed (Debian package `wrk`)")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua + REPORT_LUA)
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{duration:g}s",
        "--timeout",
        "10s",
        "-s",
        script.name,
        "-H",
        f"User-Agent: {DESKTOP_UA}",
    ]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, env=env, check=True
    ).stdout
    os.unlink(script.name)
    line = next(line for line in output.splitlines() if line.startswith("BENCH_RESULT"))
    requests, duration_us, status_errors, socket_errors, p50, p95, p99 = map(int, line.split()[1:])
    return {
        "rps": requests / (duration_us / 1e6),
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
        "errors": status_errors + socket_errors,
        "requests": requests,
    }


def wrk_with_cpu(url, **kwargs):
    """One wrk run plus the server's CPU per request (ms, master + workers, user + system)."""
    port = _port_of(url)
    before = server_cpu_seconds(port)
    result = wrk(url, **kwargs)
    after = server_cpu_seconds(port)
    if before is not None and result["requests"]:
        result["cpu_ms"] = (after - before) * 1000 / result["requests"]
    else:
        result["cpu_ms"] = float("nan")
    return result


def measure(url, *, repeats=REPEATS, **kwargs):
    """Median of each figure over `repeats` wrk runs (after one short warm-up run)."""
    wrk(url, duration=1, **kwargs)
    runs = [wrk_with_cpu(url, **kwargs) for _ in range(repeats)]
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def measure_interleaved(urls, *, repeats=REPEATS, **kwargs):
    """Like measure() for several URLs, their runs alternated (a, b, b, a, a, b, ...).

    For a ratio between two servers: measured minutes apart, the shared machine's load
    drifts between them (ratios of 0.76-1.02 for identical work); alternated runs see the
    same drift, and reversing the order each round keeps either from always going first.
    """
    for url in urls:
        wrk(url, duration=1, **kwargs)
    runs = {url: [] for url in urls}
    for round_ in range(repeats):
        for url in urls if round_ % 2 == 0 else reversed(urls):
            runs[url].append(wrk_with_cpu(url, **kwargs))
    return [
        {key: statistics.median(run[key] for run in runs[url]) for key in runs[url][0]}
        for url in urls
    ]


def post_form(url, fields, *, user_agent=DESKTOP_UA):
    data = urllib.parse.urlencode(fields).encode()
    headers = {"User-Agent": user_agent, "Content-Type": "application/x-www-form-urlencoded"}
    return http(url, data=data, headers=headers)[0]


def load_json(text):
    return json.loads(text)
