"""`manage.py backup` and the documented restore (docs/operations.md), drilled for real."""

import datetime
import json
import shutil
import sqlite3
import subprocess
import tarfile
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Sum

from cms.management.commands.backup import pg_environment
from stories.models import StoryDailyViews, StoryPage
from tests.factories import ImageFactory, StoryPageFactory

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="restore drill needs PostgreSQL (set DATABASE_URL); SQLite's backup is tested instead",
)
on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the SQLite online backup applies to SQLite only"
)


def make_content(author):
    stories = [StoryPageFactory(owner=author, title=f"Backed-up story {n}") for n in range(3)]
    StoryPageFactory(owner=author, title="Backed-up draft", live=False)
    for n, story in enumerate(stories):
        StoryDailyViews.objects.create(
            story=story, day=datetime.date(2026, 11, 1), source="direct", views=10 + n
        )
    ImageFactory(title="In the media folder")


def expected_state():
    titles = sorted(StoryPage.objects.values_list("title", flat=True))
    views = StoryDailyViews.objects.aggregate(total=Sum("views"))["total"]
    return titles, views


def run_backup(tmp_path):
    call_command("backup", output_dir=str(tmp_path / "backups"), stdout=open("/dev/null", "w"))  # noqa: SIM115
    (target,) = (tmp_path / "backups").iterdir()
    return target


def check_media_and_manifest(target):
    manifest = json.loads((target / "manifest.json").read_text())
    with tarfile.open(target / "media.tar.gz") as archive:
        names = archive.getnames()
    assert any(name.startswith("./original_images/") for name in names)
    for entry in manifest["files"].values():
        assert (target / entry["name"]).stat().st_size == entry["bytes"]
    # Backups hold personal data: owner-only permissions.
    assert {oct(path.stat().st_mode & 0o777) for path in target.iterdir()} == {"0o600"}
    return manifest


@on_sqlite
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sqlite_backup_holds_the_same_stories_counts_and_media(tmp_path, author):
    make_content(author)
    titles, views = expected_state()
    target = run_backup(tmp_path)

    manifest = check_media_and_manifest(target)
    assert manifest["engine"] == "sqlite"
    assert manifest["counts"]["story_views"] == views
    copy = sqlite3.connect(target / "database.sqlite3")
    try:
        restored_titles = sorted(
            row[0]
            for row in copy.execute(
                "SELECT p.title FROM wagtailcore_page p "
                "JOIN stories_storypage s ON s.page_ptr_id = p.id"
            )
        )
        (restored_views,) = copy.execute(
            "SELECT SUM(views) FROM stories_storydailyviews"
        ).fetchone()
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        copy.close()
    assert restored_titles == titles
    assert restored_views == views


@on_sqlite
@pytest.mark.django_db
def test_failed_backup_leaves_nothing_half_written(tmp_path, author, monkeypatch):
    from cms.management.commands import backup

    def broken(self, path):
        path.write_bytes(b"partial")
        raise OSError("disk full")

    monkeypatch.setattr(backup.Command, "_archive_media", broken)
    with pytest.raises(OSError, match="disk full"):
        call_command("backup", output_dir=str(tmp_path / "backups"))
    assert list((tmp_path / "backups").iterdir()) == []


@on_postgresql
@pytest.mark.django_db
def test_backup_without_pg_dump_is_a_clear_error(tmp_path, monkeypatch):
    from cms.management.commands import backup

    monkeypatch.setattr(backup.shutil, "which", lambda name: None)
    with pytest.raises(CommandError, match="pg_dump is not installed"):
        call_command("backup", output_dir=str(tmp_path / "backups"))
    assert list((tmp_path / "backups").iterdir()) == []


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_drill_on_postgresql_gives_the_same_stories_and_counts(tmp_path, author):
    """Dump, restore into a fresh database with the documented commands, compare."""
    make_content(author)
    titles, views = expected_state()
    target = run_backup(tmp_path)
    manifest = check_media_and_manifest(target)
    assert manifest["engine"] == "postgresql"

    fresh = f"storywerk_restore_drill_{uuid.uuid4().hex[:8]}"
    env = pg_environment(connection.settings_dict)
    env["PGDATABASE"] = "postgres"
    run = {"env": env, "check": True, "capture_output": True, "text": True}
    subprocess.run([shutil.which("createdb"), fresh], **run)
    try:
        subprocess.run(
            [
                shutil.which("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--dbname",
                fresh,
                str(target / "database.dump"),
            ],
            **run,
        )
        query = (
            "SELECT string_agg(p.title, '|' ORDER BY p.title) FROM wagtailcore_page p "
            "JOIN stories_storypage s ON s.page_ptr_id = p.id; "
            "SELECT SUM(views) FROM stories_storydailyviews;"
        )
        result = subprocess.run(
            [shutil.which("psql"), "--dbname", fresh, "-tA", "-c", query], **run
        )
        restored_titles, restored_views = result.stdout.strip().splitlines()
    finally:
        subprocess.run([shutil.which("dropdb"), "--if-exists", fresh], env=env, check=False)
    assert restored_titles.split("|") == titles
    assert int(restored_views) == views == manifest["counts"]["story_views"]
