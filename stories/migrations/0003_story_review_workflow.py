from django.db import migrations


def forwards(apps, schema_editor):
    from stories.review.setup import ensure_review_workflow

    ensure_review_workflow(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0002_coach_review_task"),
        ("cms", "0002_site_structure_and_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
