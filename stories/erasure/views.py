"""The co-author's choice after a lead author's erasure: take the live team story back."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from stories.erasure.team_stories import may_take_back, take_back
from stories.models import StoryPage


class TakeBackTeamStoryView(WagtailAdminTemplateMixin, TemplateView):
    """Confirm, then unpublish the team story and make it the co-author's draft."""

    template_name = "stories/erasure/take_back.html"
    page_title = _("Take your team story back as a draft")
    header_icon = "doc-full"

    def dispatch(self, request, page_id):
        # `page_id`: the admin's draft privacy (stories.admin_privacy) guards the route too.
        self.story = get_object_or_404(StoryPage.objects.select_related("owner"), pk=page_id)
        if not may_take_back(self.story, request.user):
            if self.story.owner_id == request.user.pk and not self.story.live:
                # The link was used before (or in another tab): it is already theirs.
                messages.info(request, _("This story is already your draft."))
                return redirect("wagtailadmin_pages:edit", self.story.pk)
            # As for any story one may not touch: not even its existence is confirmed.
            raise Http404
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.story.get_admin_display_title()

    def get_breadcrumbs_items(self):
        # The header names the page and the story (without it, it reads "Home").
        return [
            *self.breadcrumbs_items,
            {"url": "", "label": self.page_title, "sublabel": self.get_page_subtitle()},
        ]

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "story": self.story,
            "cancel_url": reverse("wagtailadmin_home"),
        }

    def post(self, request, page_id):
        take_back(self.story, request.user)
        messages.success(
            request,
            _("The story is offline and now your draft: change it and submit it when ready."),
        )
        return redirect("wagtailadmin_pages:edit", self.story.pk)


def erasure_urls():
    return [
        path(
            "stories/<int:page_id>/take-back/",
            TakeBackTeamStoryView.as_view(),
            name="stories_take_back_team_story",
        )
    ]
