"""The Agency coaches role group and its rights (the roles live in cms.roles)."""

from django.db import migrations


def grant(apps, schema_editor):
    from cms.roles import ensure_roles

    ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0005_merge_image_rights_and_public_site"),
        ("stories", "0009_editors_change_most_read_settings"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
