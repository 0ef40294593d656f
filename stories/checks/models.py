"""The company glossary: words to avoid in stories, each with the term the company prefers."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import Orderable

from stories.models.pages import ContentLanguage


@register_setting(icon="doc-full")
class GlossarySettings(ClusterableModel, BaseGenericSetting):
    """Editors keep the list; the checks before sending suggest the preferred term."""

    panels = [
        InlinePanel(
            "terms",
            heading=_("Words to avoid"),
            label=_("Word"),
            help_text=_(
                "Shown to authors as a hint before they send a story to their coach; "
                "they may ignore it."
            ),
        )
    ]

    class Meta:
        verbose_name = _("company glossary")

    def terms_for(self, language):
        """The terms that apply to a story in `language` (those for every language included)."""
        return [term for term in self.terms.all() if term.language in ("", language)]


class GlossaryTerm(Orderable):
    """One word to avoid ("KPI") and the preferred term ("key figure")."""

    glossary = ParentalKey(GlossarySettings, on_delete=models.CASCADE, related_name="terms")
    avoid = models.CharField(_("word to avoid"), max_length=100)
    prefer = models.CharField(_("preferred term"), max_length=100)
    language = models.CharField(
        _("language"),
        max_length=2,
        blank=True,
        choices=ContentLanguage.choices,
        help_text=_("Leave empty for stories in every language."),
    )

    panels = [FieldPanel("avoid"), FieldPanel("prefer"), FieldPanel("language")]

    class Meta(Orderable.Meta):
        verbose_name = _("glossary word")
        verbose_name_plural = _("glossary words")

    def __str__(self):
        return f"{self.avoid} → {self.prefer}"
