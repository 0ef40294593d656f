from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    """Project-wide pieces: the image model, the home page, roles, site structure, scheduler."""

    name = "cms"
    verbose_name = _("Storywerk")

    def ready(self):
        from django.db.models.signals import post_migrate, post_save

        from cms import (
            checks,  # noqa: F401  (registers the system checks)
            plain_text,
            scheduler,
            seo,
            site_root_memo,
            spreadsheets,
            uploads,
        )
        from cms.public_address import apply_site_url_after_migrate

        # sender=self: once per migrate, after every app's migrations (the Site table exists).
        post_migrate.connect(apply_site_url_after_migrate, sender=self)
        post_save.connect(seo.forget_site_description, sender="cms.PublicSiteSettings")

        spreadsheets.install()
        site_root_memo.install()
        uploads.check_avatar_uploads()
        plain_text.check_account_names()
        scheduler.register_job(
            "publish_scheduled", scheduler.call_command_job("publish_scheduled"), seconds=60
        )
