"""`make bench-cluster`: two app servers on one PostgreSQL and one Redis.

Starts two gunicorn instances (production settings, page cache on) on different loopback
ports, then checks what a load balancer in front of N servers relies on:
  1. a page cached by one server is served from the shared cache by the other;
  2. publishing on server A is visible on server B at once (the purge reaches every server),
     and so is unpublishing on B for A;
  3. beacons spread over both servers are counted exactly (when counting is built).
Exits non-zero when a check fails.
"""

import json
import random
import re
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    DESKTOP_UA,
    django_side,
    ensure_postgres_database,
    gunicorn,
    http,
    manage,
    post_form,
    server_env,
)

PORTS = (8107, 8207)
BENCH_ADMIN = "bench-admin"


class AdminSession:
    """A logged-in admin (session created in the shared database) talking to one server."""

    def __init__(self, base, session_key):
        self.base = base
        self.cookies = {"sessionid": session_key}

    def _cookie_header(self):
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def _remember(self, headers):
        for name, value in headers.items():
            if name.lower() == "set-cookie" and value.startswith("csrftoken="):
                self.cookies["csrftoken"] = value.split(";")[0].split("=", 1)[1]

    def bulk(self, action, page_id):
        """Run a Wagtail bulk action (publish/unpublish) on one page through the admin."""
        url = f"{self.base}/admin/bulk/wagtailcore/page/{action}/?id={page_id}&next=/admin/"
        status, body, headers = http(url, headers={"Cookie": self._cookie_header()})
        self._remember(headers)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status != 200 or token is None:
            raise RuntimeError(f"{action} form: HTTP {status}")
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1).decode()}).encode()
        status, _, _ = http(
            url,
            data=data,
            headers={
                "Cookie": self._cookie_header(),
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": url,
            },
        )
        if status not in (200, 302):
            raise RuntimeError(f"{action}: HTTP {status}")


# Behind a load balancer every server sees the site's one host name (part of the cache key).
SITE_HOST = {"Host": "localhost"}


def title_on(base, url):
    status, body, headers = http(base + url, headers=SITE_HOST)
    match = re.search(rb"<h1>(.*?)</h1>", body)
    return status, match.group(1).decode() if match else None, headers.get("X-Page-Cache")


def check(results, name, ok, detail):
    results.append((name, ok, detail))
    print(f"[{'ok' if ok else 'FAIL'}] {name}: {detail}")


def main():
    env = server_env(database="pg", page_cache=True)
    ensure_postgres_database()
    manage(env, "migrate", "--noinput")
    print(manage(env, "seed_bench", "--if-missing").stdout.strip())
    manage(env, "collectstatic", "--noinput")
    info = json.loads(django_side(env, "info"))
    story_id, url = info["cluster_story_id"], info["cluster_story_url"]
    results = []
    with gunicorn(PORTS[0], env) as a, gunicorn(PORTS[1], env) as b:
        admin_a = AdminSession(a, django_side(env, "session", BENCH_ADMIN))
        admin_b = AdminSession(b, django_side(env, "session", BENCH_ADMIN))
        _cache_checks(results, env, (a, b), (admin_a, admin_b), story_id, url)
        _beacon_check(results, env, (a, b), info)
    failed = [name for name, ok, _ in results if not ok]
    print("All cluster checks passed." if not failed else f"FAILED: {', '.join(failed)}")
    sys.exit(1 if failed else 0)


def _cache_checks(results, env, servers, admins, story_id, url):
    """The shared page cache: what A cached B serves, and a publish or unpublish on either
    server reaches both at once."""
    a, b = servers
    admin_a, admin_b = admins
    # Start from a known state: the story live with its current title.
    admin_a.bulk("publish", story_id)
    old = title_on(a, url)
    shared = title_on(b, url)
    check(
        results,
        "Cached by A, served by B",
        old[2] in ("miss", "hit") and shared[2] == "hit" and shared[1] == old[1],
        f"A {old[2]}, B {shared[2]}",
    )

    new_title = f"Cluster check {random.randrange(10**6)}"
    django_side(env, "retitle", str(story_id), new_title)
    draft = title_on(b, url)
    check(results, "A draft changes nothing", draft[1] == old[1], f"B shows {draft[1]!r}")

    admin_a.bulk("publish", story_id)
    seen = [title_on(server, url) for server in (b, a)]
    check(
        results,
        "Published on A, visible on B at once",
        all(title == new_title for _, title, _ in seen),
        f"B {seen[0][1]!r} ({seen[0][2]}), A {seen[1][1]!r} ({seen[1][2]})",
    )

    title_on(a, url)  # cache it again
    admin_b.bulk("unpublish", story_id)
    gone = [http(server + url, headers=SITE_HOST)[0] for server in (a, b)]
    check(results, "Unpublished on B, gone on A at once", gone == [404, 404], f"{gone}")
    admin_a.bulk("publish", story_id)


def _beacon_check(results, env, servers, info):
    """Beacons spread over both servers are counted exactly (Redis buffer, one flush)."""
    a, b = servers
    status = post_form(f"{a}/readership/beacon", {"story": info["exact_story_id"]})
    if status in (200, 204):
        manage(env, "flush_readership")
        before = json.loads(django_side(env, "counts", str(info["exact_story_id"])))
        run = random.randrange(10**6)
        readers = [
            DESKTOP_UA.replace("Chrome/131.0.0.0", f"Chrome/{run % 900 + 100}.{r}.{run}.0")
            for r in range(30)
        ]
        jobs = [(ua, (a, b)[n % 2]) for ua in readers for n in range(4)]
        random.shuffle(jobs)
        with ThreadPoolExecutor(12) as pool:
            statuses = list(
                pool.map(
                    lambda job: post_form(
                        f"{job[1]}/readership/beacon",
                        {"story": info["exact_story_id"]},
                        user_agent=job[0],
                    ),
                    jobs,
                )
            )
        started = time.monotonic()
        manage(env, "flush_readership")
        after = json.loads(django_side(env, "counts", str(info["exact_story_id"])))
        got = (after["views"] - before["views"], after["readers"] - before["readers"])
        check(
            results,
            "Beacons over both servers counted exactly",
            got == (len(jobs), len(readers)) and set(statuses) <= {200, 204},
            f"views {got[0]}/{len(jobs)}, readers {got[1]}/{len(readers)} "
            f"(flush {time.monotonic() - started:.1f} s)",
        )
    else:
        check(results, "Beacons over both servers", True, "n/a (not built)")


if __name__ == "__main__":
    main()
