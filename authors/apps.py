from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthorsConfig(AppConfig):
    """People: profiles, departments, coach pairing and the storytellers pages."""

    name = "authors"
    verbose_name = _("Authors")
