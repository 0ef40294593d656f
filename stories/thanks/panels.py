"""The "Thanks from readers" dashboard panel: what readers wrote to this author."""

from wagtail.admin.ui.components import Component

from stories.thanks.models import StoryThanks


class ThanksPanel(Component):
    """The latest thank-yous for the user's stories (co-authored too), minus those they hid."""

    name = "story_thanks"
    order = 140
    template_name = "stories/thanks/panel.html"
    latest = 10

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        thanks = list(
            StoryThanks.objects.shown_to(self.user)
            .select_related("story", "sender__author_profile")
            .order_by("-created_at", "-pk")[: self.latest]
        )
        context.update(thanks=thanks, request=parent_context.get("request"))
        context["csrf_token"] = parent_context.get("csrf_token")
        return context

    def render_html(self, parent_context=None):
        # No panel at all for someone nobody has thanked (most coaches and editors).
        if not StoryThanks.objects.shown_to(self.user).exists():
            return ""
        return super().render_html(parent_context)


def add_thanks_panel(request, panels):
    """construct_homepage_panels: the panel for anyone who has a story."""
    if request.user.is_authenticated:
        panels.append(ThanksPanel(request.user))
