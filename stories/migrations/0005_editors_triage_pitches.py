"""Editors triage pitches: view and change Pitch (no add/delete; employees pitch via /pitch/)."""

from django.db import migrations

EDITORS_GROUP = "Editors"
CODENAMES = ["view_pitch", "change_pitch"]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="stories", model="pitch")
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    for codename in CODENAMES:
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": codename}
        )
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=EDITORS_GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="stories", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0004_pitches_and_review_reminders"),
        ("cms", "0002_site_structure_and_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
