from django.db import migrations

EDITOR_INVITATION_CODENAMES = ["add_invitation", "view_invitation"]


def grant_invitation_permissions(apps, schema_editor):
    # Editors invite employees; they get no user-management permission with it.
    from cms.roles import _permission

    Group = apps.get_model("auth", "Group")
    editors, _ = Group.objects.get_or_create(name="Editors")
    for codename in EDITOR_INVITATION_CODENAMES:
        editors.permissions.add(_permission(apps, "authors", "invitation", codename))


class Migration(migrations.Migration):
    dependencies = [
        ("authors", "0003_invitations"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_invitation_permissions, migrations.RunPython.noop)]
