"""Editors may open and change the company glossary (the roles live in cms.roles)."""

from django.db import migrations

CODENAME = "change_glossarysettings"


def grant(apps, schema_editor):
    from cms.roles import ensure_roles

    ensure_roles(apps)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name="Editors").first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="stories", codename=CODENAME)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0010_company_glossary"),
        ("cms", "0002_site_structure_and_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
