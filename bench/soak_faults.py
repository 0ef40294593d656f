"""The fault phases of `make soak`: each returns figures (check, expected, measured, ok)."""

import json
import re
import signal
import socket
import subprocess
import time
import urllib.parse

from common import PY, ROOT, django_side, gunicorn, http, manage
from soak_load import TimedLoad, recovery_seconds, status_summary

RECOVERY_LIMIT = 5.0


def figure(check, expected, measured, ok):
    return {"check": check, "expected": expected, "measured": measured, "ok": bool(ok)}


def _flush_process(env):
    return subprocess.Popen(
        [PY, "manage.py", "flush_readership"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _batch_keys(redis_port):
    """How many flush batches sit in Redis (RESP over a socket: the soak uses no client)."""
    with socket.create_connection(("127.0.0.1", redis_port), timeout=5) as conn:
        pattern = "storywerk:readership:flushing:*"
        conn.sendall(f"*2\r\n$4\r\nKEYS\r\n${len(pattern)}\r\n{pattern}\r\n".encode())
        reply = conn.recv(65536)
    return int(reply.split(b"\r\n", 1)[0][1:]) if reply.startswith(b"*") else 0


def _run_flush(env, redis_port, kill_after=None):
    """Run a flush; with `kill_after`, SIGKILL it that many seconds after the hand-off.

    Returns the seconds from the hand-off (the batch appears in Redis) to the end.
    """
    process = _flush_process(env)
    handed_off = None
    while process.poll() is None:
        if handed_off is None and _batch_keys(redis_port):
            handed_off = time.monotonic()
        killing = kill_after is not None and handed_off is not None
        if killing and time.monotonic() - handed_off >= kill_after:
            process.send_signal(signal.SIGKILL)
            break
        time.sleep(0.005)
    process.wait()
    return (time.monotonic() - handed_off) if handed_off else 0.0


def flush_killed(env, redis_port, *, stories=100, days=12):
    """SIGKILL the flush in the middle of a large buffer, then flush again: exact totals."""
    manage(env, "flush_readership")
    before = json.loads(django_side(env, "totals"))
    filled = json.loads(django_side(env, "fill_buffer", str(stories), str(days)))
    # An undisturbed flush of the same size gives the time from hand-off to commit to aim into.
    duration = _run_flush(env, redis_port)
    expected = {key: before[key] + filled[key] for key in ("views", "readers", "reads")}
    outcomes = []
    for fraction in (0.0, 0.5):
        filled_again = json.loads(django_side(env, "fill_buffer", str(stories), str(days)))
        expected = {key: expected[key] + filled_again[key] for key in expected}
        _run_flush(env, redis_port, kill_after=duration * fraction)
        state = json.loads(django_side(env, "buffer_state"))
        committed = state["batches_recorded"] > filled_again["batches_recorded"]
        outcomes.append(
            f"{fraction:.0%}: "
            + ("batch left in Redis, " if state["batches_in_redis"] else "batch gone, ")
            + ("committed" if committed else "not committed")
        )
        manage(env, "flush_readership")  # the next run picks up what the killed one left
    after = json.loads(django_side(env, "totals"))
    left = json.loads(django_side(env, "buffer_state"))
    ok = after == expected and not left["pending"] and not left["batches_in_redis"]
    return [
        figure(
            f"Flush SIGKILLed mid-buffer ({filled['rows']:,} rows), then run again",
            "views/readers/reads = buffered, exactly; nothing left in Redis",
            f"{'exact' if after == expected else 'WRONG'}: views {after['views']:,} / "
            f"{expected['views']:,}; killed at (share of the {duration:.2f} s from hand-off to "
            f"end): {'; '.join(outcomes)}",
            ok,
        )
    ]


def _kill_redis_under_load(env, port, redis, story_id, story_url):
    """(load, when Redis was killed, when it was back): beacons and pages all along."""
    with gunicorn(port, env, log_path=str(redis.dir / "gunicorn.log")):
        load = TimedLoad(port)
        load.start("beacon", story_id, threads=3, pause=0.01)
        load.start("page", story_url, threads=2, pause=0.02)
        time.sleep(8)
        killed_at = time.monotonic()
        redis.kill()
        time.sleep(8)
        redis.start()
        back_at = time.monotonic()
        time.sleep(10)
        load.stop()
    return load, killed_at, back_at


def redis_killed(env, port, redis, story_id, story_url):
    """Redis SIGKILLed and restarted under beacon and page load; the app is not restarted."""
    manage(env, "flush_readership")
    before = json.loads(django_side(env, "totals"))
    load, killed_at, back_at = _kill_redis_under_load(env, port, redis, story_id, story_url)
    manage(env, "flush_readership")
    after = json.loads(django_side(env, "totals"))
    down = {"after": killed_at, "before": back_at}
    pages_down = load.of("page", **down)
    beacons_down = load.of("beacon", **down)
    sent_2xx = [e for e in load.of("beacon") if 200 <= e[3] < 300]
    # Answered before Redis was back: in the old Redis's unflushed buffer (the window that
    # docs/readership.md documents). Answered after: in the new one, all to be counted.
    in_old_buffer = [e for e in sent_2xx if e[1] < back_at]
    in_new_buffer = [e for e in sent_2xx if e[1] >= back_at]
    counted = after["views"] - before["views"]
    lost = len(sent_2xx) - counted
    recovered = recovery_seconds(load.of("beacon"), back_at, lambda s: 200 <= s < 300)
    page_recovered = recovery_seconds(load.of("page"), back_at, lambda s: s == 200)
    page_5xx = [e for e in load.of("page") if e[3] >= 500 or e[3] == 0]
    return [
        figure(
            "Redis killed: story pages while it is down",
            "200 only (no 5xx)",
            f"{status_summary(pages_down)}; all page loads: {len(page_5xx)} 5xx",
            pages_down and not page_5xx,
        ),
        figure(
            "Redis killed: beacons while it is down",
            "2xx or 503 only",
            status_summary(beacons_down),
            beacons_down and all(e[3] in (204, 503) for e in beacons_down),
        ),
        figure(
            "Redis back: beacons and pages recover, no app restart",
            f"<= {RECOVERY_LIMIT:g} s",
            f"beacons {_seconds(recovered)}, pages {_seconds(page_recovered)}",
            recovered is not None
            and recovered <= RECOVERY_LIMIT
            and page_recovered is not None
            and page_recovered <= RECOVERY_LIMIT,
        ),
        figure(
            "Redis killed: counts lost",
            f"lost <= the unflushed buffer ({len(in_old_buffer)} beacons since the last flush); "
            f"all {len(in_new_buffer)} answered after the restart counted",
            f"lost {lost}, counted {counted} of {len(sent_2xx)} 2xx beacons",
            0 <= lost <= len(in_old_buffer) and counted >= len(in_new_buffer),
        ),
    ]


def _seconds(value):
    return "never" if value is None else f"{value:.1f} s"


def postgres_stopped(env, port, pg, workdir, story_url):
    """PostgreSQL stopped and started under page load; the app is not restarted."""
    with gunicorn(port, env, log_path=str(workdir / "gunicorn-pg.log")):
        load = TimedLoad(port)
        load.start("page", story_url, threads=3, pause=0.01)
        time.sleep(6)
        stop_at = time.monotonic()
        pg.stop()
        stopped_at = time.monotonic()
        time.sleep(6)
        pg.start()
        back_at = time.monotonic()
        time.sleep(10)
        load.stop()
    pages = load.of("page")
    failed = [e for e in pages if e[3] >= 500 or e[3] == 0]
    # Errors belong to the outage if the request ran while the database was going or gone.
    outside = [e for e in failed if e[1] < stop_at or e[0] > back_at]
    recovered = recovery_seconds(pages, back_at, lambda s: s == 200)
    return [
        figure(
            "PostgreSQL stopped: 5xx only while it is down",
            "0 errors before the stop or after it is back",
            f"{len(failed)} 5xx during the {back_at - stop_at:.1f} s outage "
            f"(stop took {stopped_at - stop_at:.1f} s), {len(outside)} outside it",
            not outside and failed,
        ),
        figure(
            "PostgreSQL back: pages recover, no app restart",
            f"<= {RECOVERY_LIMIT:g} s",
            f"{_seconds(recovered)} ({status_summary(load.of('page', after=back_at))})",
            recovered is not None and recovered <= RECOVERY_LIMIT,
        ),
    ]


def _admin_form(base, session, path):
    """GET an admin form: (cookie header, CSRF token)."""
    status, body, headers = http(base + path, headers={"Cookie": f"sessionid={session}"})
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    cookie = headers.get("Set-Cookie", "")
    csrf_cookie = re.search(r"csrftoken=([^;]+)", cookie)
    if status != 200 or not token or not csrf_cookie:
        raise RuntimeError(f"{path}: HTTP {status}, no CSRF token")
    return f"sessionid={session}; csrftoken={csrf_cookie.group(1)}", token.group(1).decode()


def _multipart(fields, file_field, filename, content):
    boundary = "soakboundary7d2a"
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
        f'filename="{filename}"\r\nContent-Type: image/png\r\n\r\n'
    )
    body = "".join(parts).encode() + head.encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


# (label, URL, field prefix): the image library's form and the story editor's chooser modal.
UPLOAD_FORMS = (
    ("Add image", "/admin/images/add/", ""),
    ("story editor's image chooser", "/admin/images/chooser/create/", "image-chooser-upload-"),
)


def disk_full_upload(env, port, media, session, draft_id, png):
    """An image upload (Add image, and the story editor's chooser) onto a full disk."""
    problem = media.mount()
    if problem:
        return [figure("Upload with the media disk full", "form error", f"n/a: {problem}", False)]
    env = {**env, "MEDIA_ROOT": str(media.path)}
    draft_before = json.loads(django_side(env, "draft", str(draft_id)))
    results = []
    try:
        with gunicorn(port, env, log_path=str(media.path.parent / "gunicorn-media.log")) as base:
            for label, path, prefix in UPLOAD_FORMS:
                cookie, token = _admin_form(base, session, "/admin/images/add/")
                fields = {"csrfmiddlewaretoken": token, f"{prefix}title": "Soak photo"}
                body, content_type = _multipart(fields, f"{prefix}file", "soak.png", png)
                status, answer, _ = http(
                    base + path,
                    data=body,
                    headers={
                        "Cookie": cookie,
                        "Content-Type": content_type,
                        "Referer": base + path,
                    },
                )
                text = answer.decode(errors="replace").replace("&#x27;", "'")
                said = "storage is full" in text or "Speicher des Servers ist voll" in text
                kept = "Soak photo" in text
                results.append((label, status, said, kept))
    finally:
        media.unmount()
    draft_after = json.loads(django_side(env, "draft", str(draft_id)))
    measured = "; ".join(
        f"{label}: HTTP {status}, {'message shown' if said else 'NO message'}, "
        f"title {'kept' if kept else 'LOST'}"
        for label, status, said, kept in results
    )
    ok = all(status == 200 and said and kept for _, status, said, kept in results)
    return [
        figure(
            "Upload with the media disk full (1 MB tmpfs, filled)",
            "HTTP 200 with the form error, title kept, no 500",
            measured,
            ok,
        ),
        figure(
            "... the story draft open beside it",
            "unchanged (revisions, title)",
            f"{draft_after['revisions']} revisions (before {draft_before['revisions']}), "
            f"title {'unchanged' if draft_after == draft_before else 'CHANGED'}",
            draft_after == draft_before,
        ),
    ]


def backup_restore(env, pg, workdir):
    """`manage.py backup`, then pg_restore into a new database: the same fingerprint."""
    target = workdir / "backups"
    manage({**env, "MEDIA_ROOT": str(workdir / "media")}, "backup", "--output-dir", str(target))
    dump = next(target.glob("storywerk-*/database.dump"))
    name = "storywerk_soak_restored"
    pg.createdb(name)
    restore_env = {"PGHOST": "127.0.0.1", "PGPORT": str(pg.port), "PGUSER": "postgres"}
    subprocess.run(
        ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--dbname", name, dump],
        env={**env, **restore_env},
        check=True,
        capture_output=True,
    )
    original = json.loads(django_side(env, "fingerprint"))
    restored = json.loads(django_side({**env, "DATABASE_URL": pg.url(name)}, "fingerprint"))
    summary = "{stories} stories, {revisions} revisions, {views:,} views, digest {digest}"
    return [
        figure(
            "Backup, then restore into a new database",
            "same stories, revisions and counts: " + summary.format(**original),
            summary.format(**restored),
            original == restored,
        )
    ]


def url_path(url):
    return urllib.parse.urlsplit(url).path
