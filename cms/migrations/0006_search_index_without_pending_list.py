"""PostgreSQL: the search index's GIN index without a pending list (`fastupdate = off`).

Why: with GIN's default fast update, new entries go to an unsorted pending list that every
search scans until (auto)vacuum merges it. After indexing 5,000 stories a search for a word
no story contains took 30 ms in that list against 0.2 ms once it was merged (EXPLAIN in
bench/results.md). Stories are written rarely and read often: merging each entry at write
time is the better trade. Other databases: nothing to do.
"""

from django.db import migrations

INDEX = "storywerk_search_title_body_gin"


def without_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER INDEX IF EXISTS {INDEX} SET (fastupdate = off)")
        # Merge what is already pending (a no-op on a fresh database).
        schema_editor.execute(
            "SELECT gin_clean_pending_list(c.oid) FROM pg_class c WHERE c.relname = %s",
            [INDEX],
        )


def with_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER INDEX IF EXISTS {INDEX} RESET (fastupdate)")


class Migration(migrations.Migration):
    dependencies = [("cms", "0005_merge_image_rights_and_public_site")]

    operations = [migrations.RunPython(without_pending_list, with_pending_list)]
