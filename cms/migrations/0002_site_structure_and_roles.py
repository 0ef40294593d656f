from django.db import migrations


def forwards(apps, schema_editor):
    from cms.roles import ensure_roles
    from cms.site_structure import ensure_site_structure

    ensure_site_structure(apps)
    ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("authors", "0002_initial"),
        ("stories", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        # The roles include image rights on the root collection: Wagtail's image migrations
        # copy group image rights to collections and must run before, not after, that grant.
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
