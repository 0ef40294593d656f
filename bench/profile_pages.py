"""Where an uncached page's time goes: cProfile of each slow page, in-process.

Run with the server's environment (production settings, DATABASE_URL of the bench data):

    python bench/profile_pages.py [--repeat N] [--top N] [NAME ...]

Each page is rendered once to warm caches (renditions, site root paths), then N times under
cProfile through Django's test client, which runs the whole middleware stack. Prints, per
page, the mean wall time of a render and the functions with the most cumulative and own time.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from django_side import HEAVY_AUTHOR, info  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PROJECT_CODE = r"/wt-[a-z]+/(?!\.venv)|/main/(?!\.venv)"
SUSPECTS = (
    r"execute_sql|render_to_string|template/loader|(base|defaulttags|loader_tags)\.py.*render|"
    r"urls/base.py.*reverse|get_url_parts|relative_url|pageurl|get_rendition|find_for_request|"
    r"get_site_root_paths|translation/trans_real.py.*gettext|search/backends|modelsearch|"
    r"blocks/base.py.*render|streamfield|richtext"
)


def pages(found):
    return [
        ("story", found["story_url"], None),
        ("story-logged-in", found["story_url"], HEAVY_AUTHOR),
        ("author", found["author_url"], None),
        ("index", "/stories/", None),
        ("index-100", "/stories/?page=100", None),
        ("search", "/search/?q=shift+team", None),
        ("sitemap", "/sitemap.xml", None),
        ("feed", "/stories/feed/", None),
    ]


def profile(url, username, repeat, top):
    client = Client(HTTP_HOST="127.0.0.1", HTTP_USER_AGENT="Mozilla/5.0 bench")
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    executed = []
    with connection.execute_wrapper(
        lambda execute, sql, *a: executed.append(sql) or execute(sql, *a)
    ):
        client.get(url)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(repeat):
        client.get(url)
    profiler.disable()
    elapsed = (time.perf_counter() - started) / repeat * 1000
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    # Project code by cumulative time (what our views, tags and middleware cost in total),
    # the usual suspects, then the functions with most time of their own.
    stats.sort_stats("cumulative").print_stats(PROJECT_CODE, top)
    stats.sort_stats("cumulative").print_stats(SUSPECTS, top)
    stats.sort_stats("tottime").print_stats(top)
    return elapsed, len(executed), out.getvalue().replace(str(ROOT), "")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("names", nargs="*")
    args = parser.parse_args()
    for name, url, username in pages(info()):
        if args.names and name not in args.names:
            continue
        elapsed, count, report = profile(url, username, args.repeat, args.top)
        print(f"===== {name} {url}: {elapsed:.1f} ms per render (profiled), {count} queries")
        print(report)


if __name__ == "__main__":
    main()
