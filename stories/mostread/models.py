"""Site-wide settings of the public most-read page."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="list-ol")
class MostReadSettings(BaseGenericSetting):
    """Admins can switch the per-person rankings off entirely (works council agreements)."""

    show_storytellers_leaderboard = models.BooleanField(
        _("show the storytellers leaderboard"),
        default=True,
        help_text=_(
            "Names opted-in storytellers ranked by readers on the most-read page, and the "
            "rising voices. Switch off to show no per-person figures at all."
        ),
    )

    panels = [FieldPanel("show_storytellers_leaderboard")]

    class Meta:
        verbose_name = _("most-read page")
