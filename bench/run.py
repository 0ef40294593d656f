"""`make bench`: the site under load, one table of medians, written to bench/results.md.

Phases (each its own gunicorn: production settings, 2 workers, DEBUG off, loopback):
  A  PostgreSQL + Redis, page cache off: every page rendered for real, beacons into Redis;
     beside it, the same with counting switched off, its story page runs alternated with
     the counting server's (so the with/without ratio sees the same machine load)
  B  the same with the anonymous page cache on: the cached story page
  D  SQLite without Redis: the trivial view and beacons written straight to SQLite
Ratios within a run are the figures to watch; absolute numbers depend on a shared machine.
Each page's server CPU per request (gunicorn master + workers, user + system, from /proc) is
printed beside a plain Wagtail page served by the same server (bench/plain, only installed by
bench/settings_bench.py) and by a server on Django's and Wagtail's defaults
(bench/settings_defaults.py, its own database: BENCH_DATABASE_URL + "_defaults").
Environment: BENCH_DATABASE_URL, BENCH_REDIS_URL, BENCH_PORT (uses it and the next two),
BENCH_SQLITE=0 to skip phase D. Notes below the marker in bench/results.md are kept.
Features another branch has not built yet print "n/a (not built)".
"""

import datetime
import json
import os
import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    BEACON_LUA,
    CONNECTIONS,
    DATA_DIR,
    DESKTOP_UA,
    DURATION,
    PG_DEFAULTS_URL,
    REPEATS,
    ROOT,
    WORKERS,
    django_side,
    ensure_postgres_database,
    gunicorn,
    http,
    manage,
    measure,
    measure_interleaved,
    post_form,
    server_env,
    status_of,
    worker_peak_rss_mb,
)

PORT = int(os.environ.get("BENCH_PORT", 8107))
HEAVY_AUTHOR = "bench-author-000"
# A logged-in employee reading someone else's story (their view is counted).
READER = "bench-author-001"
PLAIN = "Plain Wagtail page (baseline, same settings)"
PLAIN_DEFAULTS = "Plain Wagtail page, Django's and Wagtail's defaults"
BENCH_SETTINGS = "bench.settings_bench"
WITH_SQLITE = os.environ.get("BENCH_SQLITE", "1") != "0"
NA = "n/a (not built)"
RESULTS = ROOT / "bench" / "results.md"
NOTES_MARKER = "<!-- notes: kept by make bench -->"


def prepare():
    """Migrate and seed the bench databases once (seed_bench --if-missing), collect static;
    the plain baseline page in the bench database and in its own under Wagtail's defaults."""
    pg = server_env(database="pg", settings=BENCH_SETTINGS)
    sqlite = server_env(database="sqlite", redis=False)
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    ensure_postgres_database()
    databases = [(pg, [])]
    if WITH_SQLITE:
        databases.append((sqlite, ["--scale", "0.1", "--days", "60", "--no-search-index"]))
    for env, seed_args in databases:
        manage(env, "migrate", "--noinput")
        print(manage(env, "seed_bench", "--if-missing", *seed_args).stdout.strip())
    manage(pg, "collectstatic", "--noinput")
    ensure_postgres_database(PG_DEFAULTS_URL)
    defaults = server_env(database="pg-defaults", settings="bench.settings_defaults")
    manage(defaults, "migrate", "--noinput")
    return django_side(pg, "plain_page"), django_side(defaults, "plain_page")


def beacon_built(base, story_id):
    status = post_form(f"{base}/readership/beacon", {"story": story_id, "kind": "view"})
    return status in (200, 204)


def exactness(base, env, story_id, *, buffered, readers=40, per_reader=5):
    """A burst of beacons from known synthetic readers; counts must match exactly."""
    if buffered:
        manage(env, "flush_readership")
    before = json.loads(django_side(env, "counts", str(story_id)))
    run = random.randrange(10**6)  # new readers each run (dedupe is per day)
    agents = [
        DESKTOP_UA.replace("Chrome/131.0.0.0", f"Chrome/{run % 900 + 100}.{r}.{run}.0")
        for r in range(readers)
    ]
    jobs = [agent for agent in agents for _ in range(per_reader)]
    random.shuffle(jobs)
    url = f"{base}/readership/beacon"
    with ThreadPoolExecutor(16) as pool:
        statuses = list(
            pool.map(lambda ua: post_form(url, {"story": story_id}, user_agent=ua), jobs)
        )
    if buffered:
        manage(env, "flush_readership")
    after = json.loads(django_side(env, "counts", str(story_id)))
    got = (after["views"] - before["views"], after["readers"] - before["readers"])
    expected = (len(jobs), readers)
    ok = got == expected and all(status in (200, 204) for status in statuses)
    return ok, f"views {got[0]}/{expected[0]}, readers {got[1]}/{expected[1]}"


def row(name, result=None, *, queries=None, ratio=None, goal="", note=""):
    return {
        "name": name,
        "result": result,
        "queries": queries,
        "ratio": ratio,
        "goal": goal,
        "note": note,
    }


def page_row(base, name, url, queries, *, cookie=None, goal="", ratio_to=None, connections=None):
    """One measured page; `queries` is its count of database queries per render (or None)."""
    headers = [f"Cookie: sessionid={cookie}"] if cookie else []
    print(f"  {name}", flush=True)
    try:
        status = status_of(base + url, {"Cookie": f"sessionid={cookie}"} if cookie else None)
    except TimeoutError:
        return row(name, note="timed out (30 s)")
    if status == 404:
        return row(name, note=NA)
    if status != 200:
        return row(name, note=f"HTTP {status}")
    result = measure(base + url, headers=headers, connections=connections or CONNECTIONS)
    ratio = result["rps"] / ratio_to if ratio_to else None
    return row(name, result, queries=queries, ratio=ratio, goal=goal)


def counting_on_off(base, base_off, story_url, info, queries, healthz):
    """The story page with counting and without, runs alternated: (with row, without row)."""
    name, off_name = "Story page (uncached)", "Story page, counting off"
    print(f"  {name}, with and without counting", flush=True)
    if not beacon_built(base_off, info["beacon_story_id"]):
        missing = NA
    elif b"data-readership" in http(base_off + story_url)[1]:
        missing = "n/a (no switch to turn it off)"
    else:
        missing = None
    if missing:
        story = page_row(base, name, story_url, queries, ratio_to=healthz["rps"])
        return story, row(off_name, note=missing)
    # The one ratio with a goal near 1: more rounds than the other rows (3), for a steadier median.
    with_counting, without = measure_interleaved(
        [base + story_url, base_off + story_url], repeats=max(REPEATS, 6)
    )
    return (
        row(name, with_counting, queries=queries, ratio=with_counting["rps"] / healthz["rps"]),
        row(
            off_name,
            without,
            ratio=with_counting["rps"] / without["rps"],
            goal="with/without >= 0.95",
        ),
    )


def beacon_rows(base, env, info, baseline, label, store, goal, buffered):
    """Beacon throughput against the baseline, then exact counts from synthetic readers."""
    if not beacon_built(base, info["beacon_story_id"]):
        return [row(f"Beacon, {label}", note=NA), row(f"Exactness, {store}", note=NA)]
    beacon = measure(
        base + "/readership/beacon",
        lua=BEACON_LUA,
        env={**os.environ, "BENCH_STORY": str(info["beacon_story_id"])},
    )
    ok, detail = exactness(base, env, info["exact_story_id"], buffered=buffered)
    return [
        row(f"Beacon, {label}", beacon, ratio=beacon["rps"] / baseline["rps"], goal=goal),
        row(
            f"Exactness, {store}, {WORKERS} workers",
            note=("exact: " if ok else "WRONG: ") + detail,
        ),
    ]


def main():
    started = datetime.datetime.now(datetime.UTC)
    print("Preparing bench data (first run seeds PostgreSQL and SQLite; a minute or two)...")
    plain_urls = prepare()
    env_a = server_env(database="pg", page_cache=False, settings=BENCH_SETTINGS)
    info = json.loads(django_side(env_a, "info"))
    rows, story, counting_off_row = _phase_a(env_a, info, plain_urls)
    rows += _phase_b(info["story_url"], story)
    rows.append(counting_off_row)
    if WITH_SQLITE:
        rows += _phase_d()
    report = render(rows, info, started)
    print(report)
    # Notes written by hand below the marker (profiles, EXPLAIN, goals) survive a new run.
    previous = RESULTS.read_text() if RESULTS.exists() else ""
    if NOTES_MARKER in previous:
        report += "\n" + previous[previous.index(NOTES_MARKER) :]
    RESULTS.write_text(report)
    print(f"Written to {RESULTS.relative_to(ROOT)}")


def _pages(info):
    """(name, URL, user or None) of every page measured in phase A; the story page first."""
    return [
        ("Story page (uncached)", info["story_url"], None),
        ("Story page (logged in)", info["story_url"], READER),
        (f"Author page ({info['author_stories']} stories)", info["author_url"], None),
        ("Story index page 1", "/stories/", None),
        ("Story index page 100", "/stories/?page=100", None),
        ("Most read", "/most-read/", None),
        ("Search", "/search/?q=shift+team", None),
        ("Sitemap", "/sitemap.xml", None),
        ("Feed", "/stories/feed/", None),
        (f"Author dashboard ({info['author_stories']} stories)", "/admin/", HEAVY_AUTHOR),
        ("My readership", "/admin/readership/", HEAVY_AUTHOR),
        ("My readership: one story", f"/admin/readership/story/{info['story_id']}/", HEAVY_AUTHOR),
    ]


def _plain_rows(base, env_a, plain_urls):
    """The baseline: the plain page on the production server, then under Wagtail's defaults."""
    rows = [page_row(base, PLAIN, plain_urls[0], None)]
    env_defaults = server_env(database="pg-defaults", settings="bench.settings_defaults")
    with gunicorn(PORT + 2, env_defaults) as base_defaults:
        rows.append(page_row(base_defaults, PLAIN_DEFAULTS, plain_urls[1], None))
    return rows


def _phase_a(env_a, info, plain_urls):
    """PostgreSQL + Redis, page cache off: (rows, the story page's result, counting-off row)."""
    sessions = {user: django_side(env_a, "session", user) for user in (HEAVY_AUTHOR, READER)}
    story_url = info["story_url"]
    pages = _pages(info)
    spec = [[name, url, user] for name, url, user in pages]
    queries = json.loads(django_side(env_a, "queries", json.dumps(spec)))
    rows = []
    print("Phase A: PostgreSQL + Redis, page cache off (and a server with counting off)")
    env_c = server_env(database="pg", counting=False)
    with gunicorn(PORT, env_a) as base, gunicorn(PORT + 1, env_c) as base_off:
        healthz = measure(base + "/healthz")
        rows.append(row("/healthz (baseline, PostgreSQL + Redis)", healthz, queries=1, ratio=1.0))
        rows += _plain_rows(base, env_a, plain_urls)
        story_row, counting_off_row = counting_on_off(
            base, base_off, story_url, info, queries[pages[0][0]][1], healthz
        )
        rows.append(story_row)
        for name, url, user in pages[1:]:
            cookie = sessions[user] if user else None
            count = queries[name][1]
            rows.append(page_row(base, name, url, count, cookie=cookie, ratio_to=healthz["rps"]))
            if user and rows[-1]["result"]:
                # With more connections than workers, p50 is mostly waiting for the request
                # ahead (2 x the render at 4 on 2). What an author waits on busy servers is
                # the latency with one request per worker.
                rows.append(
                    page_row(
                        base,
                        f"{name}, {WORKERS} connections",
                        url,
                        count,
                        cookie=cookie,
                        goal="p50 < 100 ms",
                        connections=WORKERS,
                    )
                )
        rows += beacon_rows(
            base, env_a, info, healthz, "Redis buffer", "Redis", ">= 0.5 x /healthz", True
        )
        served = sum(r["result"]["requests"] * (REPEATS + 1) for r in rows if r["result"])
        rss = worker_peak_rss_mb(PORT)
        note = f"{rss:.0f} MB after ~{served:,.0f} mixed requests" if rss else "n/a"
        rows.append(row("Peak RSS per worker (phase A server)", note=note, goal="< 200 MB"))
    return rows, story_row["result"], counting_off_row


def _phase_b(story_url, story):
    """The page cache on: the cached story page against the uncached one."""
    print("Phase B: page cache on")
    with gunicorn(PORT, server_env(database="pg", page_cache=True)) as base:
        http(base + story_url)
        state = http(base + story_url)[2].get("X-Page-Cache")
        if state != "hit":
            return [row("Story page (cached, anonymous)", note=f"not cached ({state})")]
        cached = measure(base + story_url)
        return [
            row(
                "Story page (cached, anonymous)",
                cached,
                queries=0,
                ratio=cached["rps"] / story["rps"] if story else None,
                goal=">= 10 x uncached",
            )
        ]


def _phase_d():
    """SQLite without Redis: the baseline and the beacon, a write each."""
    print("Phase D: SQLite, no Redis")
    env_d = server_env(database="sqlite", redis=False)
    sqlite_info = json.loads(django_side(env_d, "info"))
    with gunicorn(PORT, env_d) as base:
        healthz_sqlite = measure(base + "/healthz")
        rows = [row("/healthz (baseline, SQLite)", healthz_sqlite, queries=1, ratio=1.0)]
        rows += beacon_rows(
            base,
            env_d,
            sqlite_info,
            healthz_sqlite,
            "SQLite (a write each)",
            "SQLite",
            "no errors",
            False,
        )
    return rows


def render(rows, info, started):
    elapsed = datetime.datetime.now(datetime.UTC) - started
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    lines = [
        "# Benchmark results (`make bench`)",
        "",
        f"Run {started:%Y-%m-%d %H:%M} UTC on commit {commit}, {os.cpu_count()} cores (shared), "
        f"took {int(elapsed.total_seconds())} s. gunicorn {WORKERS} sync workers, production "
        f"settings, DEBUG off; wrk 2 threads, {CONNECTIONS} connections, {DURATION:g} s per run, "
        f"median of {REPEATS} runs. Data: {info['stories']} stories ({info['internal']} "
        "internal), 500 authors, 2 years of daily rollups (`manage.py seed_bench`). Ratios are "
        "the figures to watch: the machine is shared and noisy.",
        "",
        "| Measurement | req/s | p50 ms | p95 ms | p99 ms | queries | ratio | CPU ms/req "
        "| CPU x plain | goal |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    plain = next((r["result"] for r in rows if r["name"] == PLAIN and r["result"]), None)
    for r in rows:
        result = r["result"]
        if result is None:
            lines.append(f"| {r['name']} | {r['note']} | | | | | | | | {r['goal']} |")
            continue
        cpu = result.get("cpu_ms")
        cpu_text = f"{cpu:.1f}" if cpu == cpu and cpu is not None else ""
        cpu_ratio = f"{cpu / plain['cpu_ms']:.2f}" if plain and cpu_text else ""
        errors = f" ({int(result['errors'])} errors)" if result["errors"] else ""
        queries = "" if r["queries"] is None else str(r["queries"])
        ratio = "" if r["ratio"] is None else f"{r['ratio']:.2f}"
        lines.append(
            f"| {r['name']} | {result['rps']:.0f}{errors} | {result['p50']:.1f} | "
            f"{result['p95']:.1f} | {result['p99']:.1f} | {queries} | {ratio} | {cpu_text} | "
            f"{cpu_ratio} | {r['goal']} |"
        )
    lines += [
        "",
        f"Logged-in pages are measured twice: at {CONNECTIONS} connections (throughput; each "
        f"request also waits for the one ahead of it) and at {WORKERS} connections, one per "
        "worker (the latency an author sees on busy servers; the goal applies there).",
        "",
        "Ratios: pages and the beacon against `/healthz` of the same phase, the cached "
        "page against the uncached one, counting on/off as with/without. Queries: database "
        "queries of one render after a warm-up (Django test client, same settings). CPU: user + "
        "system time of the gunicorn master and its workers (/proc) over each run, per request; "
        "`x plain` against the plain Wagtail page (title + rich text, ten-line template) served "
        "by the same server with the same settings and middleware (bench/plain, "
        "bench/settings_bench.py).",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
