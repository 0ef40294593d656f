"""The checks in the story editor: what blocks sending and what is only a hint.

One panel at the top of the Story tab, for the author and for the coach who edits or reviews
the story (both see the same list). Other views (a send dialog, the coach's review page) show
the same list by including `stories/checks/checks_list.html` with `checks_context(page)`.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

READABILITY_BANDS = {"good": _("Good"), "fair": _("Fair"), "complex": _("Complex")}


def checks_context(page, language=None):
    """Template context for `stories/checks/checks_list.html`: the checks of `page`."""
    from stories.checks.rules import run_checks

    result = run_checks(page, language)
    return {
        "checks": result,
        "readability_band": READABILITY_BANDS.get(result.readability.band, ""),
    }


class SendingChecksPanel(Panel):
    """The checks of the story as last saved (or as posted, when the form comes back)."""

    @property
    def clean_name(self):
        return super().clean_name or "sending_checks"

    class BoundPanel(Panel.BoundPanel):
        template_name = "stories/checks/panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(checks_context(self.instance))
            return context
