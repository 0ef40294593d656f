"""The pipeline board in the admin: every story from pitch to published."""

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from authors.roles import is_coach, is_editor
from stories.pipeline.board import build_board, due_days


def can_see_pipeline(user):
    return is_editor(user) or is_coach(user)


class PipelineBoardView(WagtailAdminTemplateMixin, TemplateView):
    """Admin: every story from pitch to published, for editors (all) and coaches (theirs).

    Two renderings of the same data: a board of columns and, for screen readers and small
    screens, one table (?view=list). Plain HTML and CSS, no script.
    """

    template_name = "stories/pipeline/board.html"
    page_title = _("Pipeline")
    header_icon = "list-ul"

    def get_breadcrumbs_items(self):
        # Without the view's own item the header's only visible words were "Home".
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def dispatch(self, request, *args, **kwargs):
        if not can_see_pipeline(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        columns = build_board(self.request.user)
        return super().get_context_data(
            columns=columns,
            as_list=self.request.GET.get("view") == "list",
            due_days=due_days(),
            overdue_count=sum(card.overdue for _key, _label, cards in columns for card in cards),
            **kwargs,
        )


class PipelineMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_pipeline(request.user)


def pipeline_urls():
    return [path("pipeline/", PipelineBoardView.as_view(), name="stories_pipeline")]


def pipeline_menu_item():
    return PipelineMenuItem(
        _("Pipeline"), reverse("stories_pipeline"), icon_name="list-ul", order=240
    )
