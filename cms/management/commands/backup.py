"""`manage.py backup`: a consistent copy of the database and the media files.

PostgreSQL is dumped with `pg_dump --format=custom` (restore with `pg_restore`), SQLite is
copied with its online backup API (safe while the site runs), and MEDIA_ROOT goes into a
tar.gz. A manifest records checksums and a few counts to check a restore against.
Restoring is documented in docs/operations.md.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Sum
from django.utils import timezone

from stories.models import StoryDailyViews, StoryPage

PG_DUMP_TIMEOUT_SECONDS = 3600


def database_counts():
    """Figures a restore must reproduce (the restore drill compares them)."""
    return {
        "stories": StoryPage.objects.count(),
        "live_stories": StoryPage.objects.live().count(),
        "story_views": StoryDailyViews.objects.aggregate(total=Sum("views"))["total"] or 0,
    }


def pg_environment(settings_dict):
    """libpq variables for pg_dump/pg_restore: keeps the password off the command line."""
    env = dict(os.environ)
    mapping = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
    }
    env.update({key: str(value) for key, value in mapping.items() if value})
    return env


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


class Command(BaseCommand):
    help = "Back up the database (pg_dump or SQLite's online backup) and the media files."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            help="Directory for the backup (default: BACKUP_DIR, ./backups).",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument("--no-media", action="store_true", help="Skip MEDIA_ROOT.")

    def handle(self, *args, output_dir=None, database=DEFAULT_DB_ALIAS, no_media=False, **opts):
        connection = connections[database]
        base = Path(output_dir or settings.BACKUP_DIR)
        stamp = timezone.now().strftime("%Y%m%dT%H%M%S%fZ")
        target = base / f"storywerk-{stamp}"
        # Backups hold personal data: readable by the owner only.
        target.mkdir(parents=True, mode=0o700)
        files = {}
        try:
            if connection.vendor == "postgresql":
                files["database"] = self._dump_postgresql(connection, target / "database.dump")
            elif connection.vendor == "sqlite":
                files["database"] = self._copy_sqlite(connection, target / "database.sqlite3")
            else:
                raise CommandError(f"No backup method for the {connection.vendor} database.")
            if not no_media:
                files["media"] = self._archive_media(target / "media.tar.gz")
        except BaseException:
            # Nothing half-written is left behind to be mistaken for a good backup.
            shutil.rmtree(target, ignore_errors=True)
            raise
        manifest = {
            "created_at": timezone.now().isoformat(),
            "engine": connection.vendor,
            "database_name": str(connection.settings_dict["NAME"]),
            "files": {
                kind: {"name": path.name, "bytes": path.stat().st_size, "sha256": _sha256(path)}
                for kind, path in files.items()
            },
            "counts": database_counts(),
        }
        manifest_path = target / "manifest.json"
        manifest_path.write_text(json.dumps(manifest, indent=2))
        for path in target.iterdir():
            path.chmod(0o600)
        self.stdout.write(str(target))
        return None

    def _dump_postgresql(self, connection, path):
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            raise CommandError(
                "pg_dump is not installed (Debian: apt-get install postgresql-client)."
            )
        result = subprocess.run(  # noqa: S603 (fixed executable, no shell)
            [pg_dump, "--format=custom", "--no-owner", "--no-privileges", "--file", str(path)],
            env=pg_environment(connection.settings_dict),
            capture_output=True,
            text=True,
            timeout=PG_DUMP_TIMEOUT_SECONDS,
            check=False,
        )
        if result.returncode != 0:
            raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
        return path

    def _copy_sqlite(self, connection, path):
        if connection.is_in_memory_db():
            raise CommandError("An in-memory SQLite database cannot be backed up.")
        # A connection of its own: it copies what is committed (WAL lets it read while the
        # site writes), and Django's connection, maybe inside a transaction, is not blocked.
        source = sqlite3.connect(str(connection.settings_dict["NAME"]), timeout=20)
        destination = sqlite3.connect(path)
        try:
            with destination:
                source.backup(destination)
        finally:
            destination.close()
            source.close()
        return path

    def _archive_media(self, path):
        media_root = Path(settings.MEDIA_ROOT)
        with tarfile.open(path, "w:gz") as archive:
            if media_root.is_dir():
                archive.add(media_root, arcname=".")
        return path
