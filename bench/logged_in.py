"""The logged-in pages at 200 stories x 2 years of rollups: p50 at one connection per worker.

    python bench/logged_in.py seed      migrate, seed_bench --scale 0.1 (the heavy author has 200
                                        stories), then put 40 of bench-coach-00's authors' stories
                                        in review (once)
    python bench/logged_in.py measure   gunicorn (production settings, 2 workers), wrk at 2
                                        connections, median of 3 runs; queries per page
    python bench/logged_in.py compare DIR   the same, before (the code in DIR) and after, alternated
    python bench/logged_in.py profile NAME [N]   cProfile of N renders (test client, warm)

The database is BENCH_LOGGED_IN_DATABASE_URL (default sw_adminspeed_bench), Redis
BENCH_LOGGED_IN_REDIS_URL (default db 10), so it runs beside `make bench`.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    PY,
    ROOT,
    WORKERS,
    django_side,
    ensure_postgres_database,
    gunicorn,
    manage,
    measure,
    measure_interleaved,
    server_env,
)

DB_URL = os.environ.get(
    "BENCH_LOGGED_IN_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sw_adminspeed_bench"
)
REDIS = os.environ.get("BENCH_LOGGED_IN_REDIS_URL", "redis://127.0.0.1:6379/10")
PORT = int(os.environ.get("BENCH_LOGGED_IN_PORT", 8271))
HEAVY_AUTHOR = "bench-author-000"
COACH = "bench-coach-00"
EDITOR = "bench-editor"
IN_REVIEW = 40


def env():
    return server_env(
        database="pg",
        extra={
            "DATABASE_URL": DB_URL,
            "REDIS_URL": REDIS,
            "STORYWERK_READERSHIP_REDIS_URL": REDIS,
        },
    )


def pages(story_id):
    """(name, URL, username) of each logged-in page, as the role that uses it."""
    return [
        ("Author dashboard (200 stories)", "/admin/", HEAVY_AUTHOR),
        ("My readership (200 stories)", "/admin/readership/", HEAVY_AUTHOR),
        ("My readership: one story", f"/admin/readership/story/{story_id}/", HEAVY_AUTHOR),
        (f"Coach dashboard ({IN_REVIEW} in the review queue)", "/admin/", COACH),
        ("Pipeline board (editor)", "/admin/pipeline/", EDITOR),
        ("Pipeline board (coach)", "/admin/pipeline/", COACH),
    ]


def seed():
    environment = env()
    ensure_postgres_database(DB_URL)
    manage(environment, "migrate", "--noinput")
    print(manage(environment, "seed_bench", "--if-missing", "--scale", "0.1").stdout.strip())
    code = (
        "import django; django.setup()\n"
        "import sys; sys.path.insert(0, 'bench'); from logged_in import put_in_review\n"
        "put_in_review()\n"
    )
    subprocess.run([PY, "-c", code], env=environment, cwd=ROOT, check=True)
    manage(environment, "collectstatic", "--noinput")


def put_in_review():
    """Start the review of IN_REVIEW stories of the coach's authors (the heavy author's first)."""
    from django.contrib.auth import get_user_model
    from wagtail.models import WorkflowState

    from stories.models import StoryPage
    from stories.review.setup import ensure_review_workflow

    if WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS).exists():
        return
    workflow = ensure_review_workflow()
    coach = get_user_model().objects.get(username=COACH)
    stories = StoryPage.objects.filter(owner__author_profile__coach=coach).order_by(
        "owner__username", "pk"
    )[:IN_REVIEW]
    for story in stories:
        story.title = story.title + " (revised)"
        story.save_revision(user=story.owner)
        workflow.start(story, story.owner)
    print(f"{len(stories)} stories in review")


def story_id():
    return json.loads(django_side(env(), "info"))["story_id"]


def measure_all():
    environment = env()
    listed = pages(story_id())
    queries = json.loads(django_side(environment, "queries", json.dumps(listed)))
    sessions = {user: django_side(environment, "session", user) for _n, _u, user in listed}
    print("| Page | p50 ms | p95 ms | req/s | queries |")
    print("|---|---:|---:|---:|---:|")
    with gunicorn(PORT, environment) as base:
        for name, url, user in listed:
            result = measure(
                base + url,
                headers=[f"Cookie: sessionid={sessions[user]}"],
                connections=WORKERS,
            )
            status, count = queries[name]
            print(
                f"| {name} | {result['p50']:.1f} | {result['p95']:.1f} | {result['rps']:.0f} "
                f"| {count}{'' if status == 200 else f' (status {status})'} |",
                flush=True,
            )


def compare(before_dir):
    """Before/after p50 of each page: a gunicorn on the code in `before_dir` (e.g. a `git
    archive` of an older commit) beside one on this checkout, their wrk runs alternated."""
    environment = env()
    listed = pages(story_id())
    sessions = {user: django_side(environment, "session", user) for _n, _u, user in listed}
    print("| Page | before p50 ms | after p50 ms | before req/s | after req/s |")
    print("|---|---:|---:|---:|---:|")
    with (
        gunicorn(PORT + 1, environment, extra_args=["--chdir", before_dir]) as before,
        gunicorn(PORT, environment) as after,
    ):
        for name, url, user in listed:
            old, new = measure_interleaved(
                [before + url, after + url],
                headers=[f"Cookie: sessionid={sessions[user]}"],
                connections=WORKERS,
            )
            print(
                f"| {name} | {old['p50']:.1f} | {new['p50']:.1f} | {old['rps']:.0f} "
                f"| {new['rps']:.0f} |",
                flush=True,
            )


def profile(name, n=20):
    """cProfile of n warm renders of one page through the test client, top 40 by cumulative."""
    code = f"""
import cProfile, pstats, django
django.setup()
import sys; sys.path.insert(0, 'bench')
from django.contrib.auth import get_user_model
from django.test import Client
import logged_in
from django_side import info
page = [p for p in logged_in.pages(info()['story_id']) if p[0].startswith({name!r})][0]
client = Client(HTTP_HOST='127.0.0.1')
client.force_login(get_user_model().objects.get(username=page[2]))
for _ in range(3):
    client.get(page[1])
profiler = cProfile.Profile()
profiler.enable()
for _ in range({n}):
    client.get(page[1])
profiler.disable()
stats = pstats.Stats(profiler).sort_stats('cumulative')
stats.print_stats(r'wt-[a-z]+/(stories|authors|cms)/', 40)
stats.sort_stats('tottime').print_stats(15)
"""
    subprocess.run([PY, "-c", code], env=env(), cwd=ROOT, check=True)


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "measure"
    if command == "seed":
        seed()
    elif command == "compare":
        compare(sys.argv[2])
    elif command == "profile":
        profile(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 20)
    else:
        measure_all()
