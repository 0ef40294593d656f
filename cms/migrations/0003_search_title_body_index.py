"""PostgreSQL: a GIN index on the search index's combined vector (title || body).

Why: Wagtail's PostgreSQL search filters on `(title || body) @@ query`, an expression the
separate GIN indexes on `title` and `body` cannot answer, so every search concatenated the
vectors of every indexed object (~100 ms at 5,000 stories, growing with them). With this
expression index a search reads only the matching entries. Other databases: nothing to do.
"""

from django.db import migrations

INDEX = "storywerk_search_title_body_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry "
            "USING gin ((title || body))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_site_structure_and_roles"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
