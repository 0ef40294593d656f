"""The author's dashboard panel "What your coach changed" (the summary: changes.py)."""

from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.safestring import mark_safe
from wagtail.admin.ui.components import Component

from stories.models import StoryPage
from stories.readership import dashboard_cache
from stories.review.changes import coach_changes_for


class CoachChangesPanel(Component):
    """The stories in review or back with the author that a reviewer edited, word by word."""

    name = "coach_changes"
    template_name = "stories/review/admin/coach_changes_panel.html"
    order = 55

    def render_html(self, parent_context=None):
        """Cached per user like My stories: renewed when a story, a revision or a review
        step changes anywhere (stories.readership.dashboard_cache)."""
        request = parent_context["request"]
        return mark_safe(  # noqa: S308 - our own template's output
            dashboard_cache.fragment(
                "coach-changes",
                request.user.pk,
                timezone.localdate(),
                render=lambda: super(CoachChangesPanel, self).render_html(parent_context),
            )
        )

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        user = request.user
        # A subquery: one query on the dashboard when none of the author's stories is in review.
        text_ids = StoryPage.objects.filter(
            Q(owner=user) | Q(co_authors__profile__user=user)
        ).values(text_id=Cast("pk", CharField()))
        changes = coach_changes_for(text_ids)
        return {
            "stories": list(changes.values()),
            "request": request,
            "csrf_token": parent_context.get("csrf_token"),
        }
