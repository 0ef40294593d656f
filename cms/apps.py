from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    """Project-wide pieces: the image model, the home page, roles, site structure, scheduler."""

    name = "cms"
    verbose_name = _("Storywerk")

    def ready(self):
        from cms import plain_text, scheduler, spreadsheets, uploads

        spreadsheets.install()
        uploads.check_avatar_uploads()
        plain_text.check_account_names()
        scheduler.register_job(
            "publish_scheduled", scheduler.call_command_job("publish_scheduled"), seconds=60
        )
