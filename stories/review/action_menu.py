"""The story editor's save menu: "Submit to my coach" instead of Wagtail's submit."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.action_menu import CancelWorkflowMenuItem, SubmitForModerationMenuItem

from stories.models import StoryIndexPage, StoryPage


class SubmitToCoachMenuItem(SubmitForModerationMenuItem):
    """Wagtail's submit button, named for what it does: the story goes to the coach first.

    When changes were requested, the edit view restarts the workflow (see wagtail_hooks), so
    the label never says "Resubmit to Editorial review".
    """

    label = _("Submit to my coach")

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["label"] = self.label
        return context


class TakeBackMenuItem(CancelWorkflowMenuItem):
    """Wagtail's "Cancel workflow" (same name, same check, same cancel view), in story words."""

    label = _("Take the story back")


def is_story_context(context):
    page = context.get("page")
    if isinstance(page, StoryPage):
        return True
    return isinstance(getattr(context.get("parent_page"), "specific", None), StoryIndexPage)
