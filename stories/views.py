"""Plain Django views and page sections of the stories app."""

from django.core.exceptions import PermissionDenied
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView

from stories.models import StoryPage
from stories.models.workflow import is_editor


def author_stories_section(request, profile):
    """The "Stories" section of an author's hero page: their live stories this reader may see."""
    stories = (
        StoryPage.objects.listable_for(request.user)
        .by_author(profile)
        .with_listing_relations()
        .order_by("-first_published_at")
    )
    return {"template": "stories/author_stories_section.html", "stories": stories}


class EditorsOnlyPageTypesUsageReportView(PageTypesUsageReportView):
    """Wagtail's page types usage report names the last edited page of each type across the
    whole tree (draft titles included), without asking the page policy: editors only."""

    def dispatch(self, request, *args, **kwargs):
        if not is_editor(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


# Mounted in cms/urls.py over Wagtail's own URLs (same paths, earlier in the list).
page_types_usage_report = require_admin_access(EditorsOnlyPageTypesUsageReportView.as_view())
page_types_usage_report_results = require_admin_access(
    EditorsOnlyPageTypesUsageReportView.as_view(results_only=True)
)
