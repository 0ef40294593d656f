"""Load for `make soak`: wrk with distinct readers, a timed Python load, access-log figures.

Distinct readers must look like distinct readers to the counting rules (one reader per
address, user agent, story and day; a per-reader rate limit): the soak's app servers trust
the loopback as their proxy (`STORYWERK_TRUSTED_PROXIES`), and every reader sends its own
`X-Forwarded-For` address, as readers behind the production load balancer do.
"""

import http.client
import itertools
import random
import threading
import time
import urllib.parse
from collections import Counter

from common import DESKTOP_UA
from common import http as http_request

# Server-side truth for "2xx beacons sent": gunicorn's access log (no client IP in it; the
# forwarded address is a synthetic one of the soak), read after the server stopped.
ACCESS_FORMAT = "%(s)s %(m)s %(U)s %({x-forwarded-for}i)s"

# wrk: each thread walks its own slice of SOAK_READERS readers (10.<run>.x.y addresses).
BEACON_READERS_LUA = """
local threads_started = 0
function setup(thread)
  thread:set("tid", threads_started)
  threads_started = threads_started + 1
end
function init(args)
  n = 0
  readers = tonumber(os.getenv("SOAK_READERS"))
  run = tonumber(os.getenv("SOAK_RUN"))
  body = "story=" .. os.getenv("SOAK_STORY") .. "&kind=view"
end
function request()
  local r = (tid + 2 * n) % readers
  n = n + 1
  local ip = string.format("10.%d.%d.%d", run, math.floor(r / 250) % 250, r % 250 + 1)
  -- Headers given here replace wrk's -H ones: the user agent must be repeated (without one
  -- the endpoint takes the request for a bot and answers 204 without counting it).
  return wrk.format("POST", "/readership/beacon", {
    ["Host"] = wrk.headers["Host"],
    ["User-Agent"] = wrk.headers["User-Agent"],
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["X-Forwarded-For"] = ip,
  }, body)
end
"""


def reader_address(run, reader):
    """The synthetic reader's forwarded address: 10.<run>.x.y, distinct for each reader."""
    return f"10.{run}.{reader // 250 % 250}.{reader % 250 + 1}"


def beacon_env(environ, story_id, readers, run):
    return {
        **environ,
        "SOAK_STORY": str(story_id),
        "SOAK_READERS": str(readers),
        "SOAK_RUN": str(run),
    }


def beacon_figures(log_path, path="/readership/beacon"):
    """(statuses Counter, distinct forwarded addresses among 2xx) of the beacon lines."""
    statuses, readers = Counter(), set()
    with open(log_path) as log:
        for line in log:
            parts = line.split()
            if len(parts) >= 3 and parts[1] == "POST" and parts[2] == path:
                statuses[parts[0]] += 1
                if parts[0].startswith("2") and len(parts) > 3:
                    readers.add(parts[3])
    return statuses, readers


def burst(base, story_id, count, first_reader, run):
    """`count` beacons released at once (a barrier), each from its own reader: statuses."""
    barrier = threading.Barrier(count)
    statuses = []

    def send(n):
        barrier.wait()
        statuses.append(
            http_request(
                base + "/readership/beacon",
                data=f"story={story_id}&kind=view".encode(),
                headers={
                    "User-Agent": DESKTOP_UA,
                    "Content-Type": "application/x-www-form-urlencoded",
                    "X-Forwarded-For": reader_address(run, first_reader + n),
                },
                timeout=60,
            )[0]
        )

    senders = [threading.Thread(target=send, args=(n,)) for n in range(count)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join(timeout=90)
    return statuses


def two_xx(statuses):
    return sum(count for status, count in statuses.items() if status.startswith("2"))


class TimedLoad:
    """Threads sending requests in a loop, each event (start, end, kind, status) recorded.

    Status 0: no HTTP answer (connection refused or reset, timeout).
    """

    def __init__(self, port):
        self.port = port
        self.events = []
        self._stop = threading.Event()
        self._threads = []
        self._readers = itertools.count()
        self.run = random.randrange(1, 250)

    def _request(self, conn, kind, target):
        headers = {"User-Agent": DESKTOP_UA}
        body = None
        if kind == "beacon":
            reader = next(self._readers)
            headers["X-Forwarded-For"] = reader_address(self.run, reader)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = urllib.parse.urlencode({"story": target, "kind": "view"})
            conn.request("POST", "/readership/beacon", body=body, headers=headers)
        else:
            conn.request("GET", target, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status

    def _loop(self, kind, target, pause):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        while not self._stop.is_set():
            started = time.monotonic()
            try:
                status = self._request(conn, kind, target)
            except (OSError, http.client.HTTPException):
                status = 0
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
            self.events.append((started, time.monotonic(), kind, status))
            if status == 0:
                time.sleep(0.05)  # do not spin on a refused connection
            elif pause:
                time.sleep(pause)
        conn.close()

    def start(self, kind, target, *, threads=1, pause=0.0):
        for _ in range(threads):
            thread = threading.Thread(target=self._loop, args=(kind, target, pause), daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self):
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=15)

    def of(self, kind, *, after=None, before=None):
        """Events of `kind` that ended in the window (monotonic seconds)."""
        return [
            event
            for event in self.events
            if event[2] == kind
            and (after is None or event[1] >= after)
            and (before is None or event[1] < before)
        ]


def recovery_seconds(events, back_at, ok):
    """Seconds from `back_at` to the first answer after which every answer was ok (or None)."""
    later = sorted((event for event in events if event[1] >= back_at), key=lambda e: e[1])
    last_bad = max((e[1] for e in later if not ok(e[3])), default=None)
    good = [e[1] for e in later if ok(e[3]) and (last_bad is None or e[1] > last_bad)]
    return (good[0] - back_at) if good else None


def status_summary(events):
    counts = Counter(event[3] for event in events)
    return ", ".join(f"{status or 'no answer'}: {n}" for status, n in sorted(counts.items()))
