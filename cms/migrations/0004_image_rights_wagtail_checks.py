from django.db import migrations


def forwards(apps, schema_editor):
    # The image rights were granted under the image model's own codenames, which Wagtail's
    # image policy never checks: nobody but superusers could upload.
    from cms.roles import grant_image_permissions

    grant_image_permissions(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_search_title_body_index"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
