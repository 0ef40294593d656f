#!/usr/bin/env python
"""`make lighthouse`: Lighthouse scores of the public site as production serves it.

Seeds the demo content into a throwaway SQLite database, collects the static files and serves
them with gunicorn + WhiteNoise under `cms.settings.production` on 127.0.0.1 (port 8120,
override with LIGHTHOUSE_PORT), then runs npm's `lighthouse` with Debian's Chromium on home,
story index, one story and one author page, mobile and desktop presets. Prints a Markdown table
and keeps the JSON reports in .lighthouse/reports/. Loopback only: no request leaves the machine.

Two production switches are relaxed, both through the environment production.py reads:
SECURE_SSL_REDIRECT=0 (there is no TLS on loopback) and SECURE_HSTS_SECONDS=0 (browsers ignore
HSTS over plain HTTP anyway). Media, which a bucket or the web server serves in production, are
served here by WhiteNoise in front of the same app (scripts/lighthouse_wsgi.py).
"""

import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
from scripts.screenshots import manage, wait_until_up  # noqa: E402 - same start-up steps

WORK_DIR = BASE_DIR / ".lighthouse"  # gitignored: the npm install and the reports
REPORT_DIR = WORK_DIR / "reports"
LIGHTHOUSE = WORK_DIR / "node_modules" / ".bin" / "lighthouse"
PORT = int(os.environ.get("LIGHTHOUSE_PORT", "8120"))
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
RUN_TIMEOUT = 240  # seconds per Lighthouse run: a hung Chromium must not hang `make`
# Lighthouse sometimes loses the trace on a busy machine ("NO_NAVSTART", exit 1): run again.
ATTEMPTS = 3
STORY_PATH = "/en/stories/the-night-the-line-stopped/"


def production_env(tmp):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{PORT}",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "SQLITE_PATH": str(tmp / "db.sqlite3"),
        "MEDIA_ROOT": str(tmp / "media"),
        "CACHE_DIR": str(tmp / "cache"),
        "DEMO_PASSWORD": secrets.token_urlsafe(16),
        "LOG_LEVEL": "WARNING",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
    }
    for name in ("DATABASE_URL", "REDIS_URL", "AWS_STORAGE_BUCKET_NAME"):
        env.pop(name, None)
    return env


def pages(base_url):
    """Home, story index, one story and the first author page the storytellers list links."""
    with urllib.request.urlopen(f"{base_url}/en/authors/", timeout=30) as response:  # noqa: S310
        html = response.read().decode()
    author = re.search(r'href="(?:http://[^/"]+)?(/en/authors/[a-z0-9-]+/)"', html)
    if author is None:
        raise SystemExit("no author page linked from /en/authors/")
    return {
        "home": "/en/",
        "story index": "/en/stories/",
        "story": STORY_PATH,
        "author": author.group(1),
    }


def run_bounded(command, env):
    """Run in its own process group, so a timeout also ends the Chromium Lighthouse started."""
    process = subprocess.Popen(command, env=env, start_new_session=True)  # noqa: S603
    try:
        return process.wait(timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        return -1


def run_lighthouse(url, preset, out):
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": shutil.which("chromium") or ""}
    for attempt in range(1, ATTEMPTS + 1):
        if run_bounded(command, env) == 0:
            break
        print(f"lighthouse failed on {url} ({preset}), attempt {attempt} of {ATTEMPTS}")
    else:
        raise SystemExit(f"lighthouse failed {ATTEMPTS} times on {url} ({preset})")
    report = json.loads(out.read_text())
    return {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}


def table(rows):
    lines = [
        "| page | preset | performance | accessibility | best practices | SEO |",
        "|---|---|---|---|---|---|",
    ]
    for (name, path, preset), scores in rows:
        cells = " | ".join(str(scores[c]) for c in CATEGORIES)
        lines.append(f"| {name} (`{path}`) | {preset} | {cells} |")
    return "\n".join(lines)


def measure(base_url):
    REPORT_DIR.mkdir(parents=True, exist_ok=True)
    rows = []
    for name, path in pages(base_url).items():
        # One request first: renditions are made and the page cached on a first view, as they
        # long are on a live site; the measurement is of what readers then get.
        urllib.request.urlopen(base_url + path, timeout=60).close()  # noqa: S310 - loopback
        for preset in ("mobile", "desktop"):
            out = REPORT_DIR / f"{name.replace(' ', '-')}-{preset}.json"
            rows.append(((name, path, preset), run_lighthouse(base_url + path, preset, out)))
            print(f"{name} {preset}: {rows[-1][1]}", flush=True)
    return rows


def main():
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE} missing: run `make lighthouse` (it installs it)")
    if shutil.which("chromium") is None:
        raise SystemExit("Debian's chromium is not installed (apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="storywerk-lighthouse-") as tmp:
        env = production_env(Path(tmp))
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "seed_demo")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        gunicorn = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
        with (Path(tmp) / "server.log").open("w") as log:
            server = subprocess.Popen(  # noqa: S603 - fixed arguments
                [*gunicorn, "scripts.lighthouse_wsgi:application"],
                cwd=BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            try:
                base_url = f"http://127.0.0.1:{PORT}"
                wait_until_up(f"{base_url}/healthz")
                rows = measure(base_url)
            finally:
                server.terminate()
                server.wait(timeout=30)
    print()
    print(table(rows))
    failing = [row for row in rows if min(row[1].values()) < 95]
    sys.exit(1 if failing else 0)


if __name__ == "__main__":
    main()
