"""Private PostgreSQL and Redis servers for `make soak`, in a temporary directory.

The soak kills and restarts its database and its Redis; the machine's shared servers (used by
other sessions and by CI) must never be touched, so the soak runs its own, on free loopback
ports, with no persistence worth keeping. Everything is stopped and deleted on exit, also on
Ctrl-C or a failure (the caller holds them in an ExitStack).
"""

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def free_port(start):
    """The first loopback port from `start` on that nobody listens on."""
    for port in range(start, start + 50):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError(f"no free port in {start}-{start + 49}")


def _wait_for_port(port, *, up, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if (probe.connect_ex(("127.0.0.1", port)) == 0) == up:
                return
        time.sleep(0.05)
    raise RuntimeError(f"port {port} did not go {'up' if up else 'down'} in {timeout} s")


class PrivateRedis:
    """redis-server on 127.0.0.1:<port>, no snapshots, no AOF: a kill loses its memory."""

    def __init__(self, workdir, port):
        self.dir = Path(workdir) / "redis"
        self.dir.mkdir()
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--dir", str(self.dir),
                "--logfile", str(self.dir / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        _wait_for_port(self.port, up=True)

    def kill(self):
        """SIGKILL, as a crash: whatever was buffered in memory is gone."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        _wait_for_port(self.port, up=False)

    def stop(self):
        self.kill()


def _postgres_bin():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if not found:
        raise RuntimeError("PostgreSQL server binaries not found under /usr/lib/postgresql")
    return Path(found[-1]).parent


class PrivatePostgres:
    """A throwaway PostgreSQL cluster (initdb as the `postgres` user: it refuses root)."""

    def __init__(self, workdir, port):
        self.bin = _postgres_bin()
        self.dir = Path(workdir) / "pg"
        self.dir.mkdir()
        self.data = self.dir / "data"
        self.port = port
        shutil.chown(self.dir, "postgres", "postgres")
        os.chmod(workdir, 0o755)  # noqa: S103 - the postgres user must reach its directory

    def url(self, name):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def _as_postgres(self, *command, check=True):
        return subprocess.run(
            ["runuser", "-u", "postgres", "--", *command],
            check=check,
            capture_output=True,
            text=True,
            cwd=self.dir,
        )

    def init(self):
        self._as_postgres(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres",
            "-A", "trust", "-E", "UTF8", "--no-sync", "--locale", "C.UTF-8",
        )  # fmt: skip

    def start(self):
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._as_postgres(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options,
            "-l", str(self.dir / "postgres.log"), "-w", "-t", "60", "start",
        )  # fmt: skip

    def stop(self, mode="fast"):
        self._as_postgres(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop",
            check=False,
        )  # fmt: skip

    def createdb(self, name):
        subprocess.run(
            ["createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name],
            check=True,
            capture_output=True,
        )


class TmpfsMedia:
    """A tiny tmpfs as MEDIA_ROOT, filled up: the disk-full case (needs mount rights)."""

    def __init__(self, workdir, size="1m"):
        self.path = Path(workdir) / "media-full"
        self.path.mkdir()
        self.size = size
        self.mounted = False

    def mount(self):
        result = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={self.size}", "tmpfs", str(self.path)],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            return result.stderr.strip() or "mount failed"
        self.mounted = True
        # Fill it: every later write fails with ENOSPC, as on a full volume.
        try:
            with open(self.path / "filler", "wb") as filler:
                while True:
                    filler.write(b"\0" * 65536)
        except OSError:
            pass
        return None

    def unmount(self):
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.path)], check=False)
            self.mounted = False


class Scratch:
    """The soak's temporary directory; SIGTERM becomes KeyboardInterrupt so cleanups run."""

    def __enter__(self):
        self.path = Path(tempfile.mkdtemp(prefix="storywerk-soak-"))
        self._previous = signal.signal(signal.SIGTERM, self._interrupt)
        return self

    @staticmethod
    def _interrupt(signum, frame):
        raise KeyboardInterrupt

    def __exit__(self, *exc):
        signal.signal(signal.SIGTERM, self._previous)
        shutil.rmtree(self.path, ignore_errors=True)
        return False
