"""Admin reports about stories: the representation report, the editors-only page types usage."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import require_admin_access
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, Table
from wagtail.admin.views.reports import ReportView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.models import Page
from wagtail.permissions import policy_registry

from authors.models import AuthorProfile, Department, Level
from authors.roles import is_editor
from stories.models import StoryCoAuthor, StoryPage


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


def quarter_start(day):
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def previous_quarter_start(start):
    return quarter_start(start - datetime.timedelta(days=1))


@dataclass
class RepresentationRow:
    """One department or level: stories published and active authors, this quarter and last."""

    kind: str
    name: str
    stories_this_quarter: int = 0
    authors_this_quarter: int = 0
    stories_last_quarter: int = 0
    authors_last_quarter: int = 0

    @property
    def nobody_published(self):
        return self.stories_this_quarter == 0

    @property
    def status(self):
        return _("No published voice this quarter") if self.nobody_published else ""


def _story_authors(stories):
    """({story pk: {profile ids on its byline}}, {profile pk: (department id, level)})."""
    co_authors = defaultdict(set)
    for page_id, profile_id in StoryCoAuthor.objects.filter(
        page_id__in=[row[0] for row in stories]
    ).values_list("page_id", "profile_id"):
        co_authors[page_id].add(profile_id)
    profiles, profile_of_user = {}, {}
    for pk, user_id, department_id, level in AuthorProfile.objects.values_list(
        "pk", "user_id", "department_id", "level"
    ):
        profiles[pk] = (department_id, level)
        profile_of_user[user_id] = pk
    bylines = {}
    for pk, owner_id, _department_id, _published in stories:
        bylines[pk] = set(co_authors[pk])
        if owner_id in profile_of_user:
            bylines[pk].add(profile_of_user[owner_id])
    return bylines, profiles


def representation_rows(today):
    """Rows per department, then per level, from live stories first published in each quarter.

    A story counts for its department, and once for each level among its byline authors;
    an author is active in a quarter when a story of theirs (as owner or co-author) went live.
    """
    tz = timezone.get_current_timezone()
    this_from = datetime.datetime.combine(quarter_start(today), datetime.time.min, tzinfo=tz)
    last_from = datetime.datetime.combine(
        previous_quarter_start(quarter_start(today)), datetime.time.min, tzinfo=tz
    )
    stories = list(
        StoryPage.objects.live()
        .filter(first_published_at__gte=last_from)
        .values_list("pk", "owner_id", "department_id", "first_published_at")
    )
    bylines, profiles = _story_authors(stories)

    # counts[quarter][("department"|"level", key)] -> (set of stories, set of authors)
    counts = {q: defaultdict(lambda: (set(), set())) for q in ("this", "last")}
    for pk, _owner_id, department_id, published in stories:
        quarter = counts["this" if published >= this_from else "last"]
        if department_id is not None:
            quarter[("department", department_id)][0].add(pk)
        for profile_id in bylines[pk]:
            profile_department, level = profiles[profile_id]
            quarter[("level", level)][0].add(pk)
            quarter[("level", level)][1].add(profile_id)
            if profile_department is not None:
                quarter[("department", profile_department)][1].add(profile_id)

    def row(kind, key, name, label):
        this = counts["this"].get((kind, key), (set(), set()))
        last = counts["last"].get((kind, key), (set(), set()))
        return RepresentationRow(
            label, name, len(this[0]), len(this[1]), len(last[0]), len(last[1])
        )

    rows = [
        row("department", pk, name, _("Department"))
        for pk, name in Department.objects.order_by("name").values_list("pk", "name")
    ]
    rows += [row("level", value, label, _("Level")) for value, label in Level.choices]
    return rows


class RepresentationTable(Table):
    """Rows of departments/levels with nobody published this quarter are highlighted."""

    class Media:
        css = {"all": ["css/representation-report.css"]}

    def get_row_classname(self, instance):
        return "representation-report__empty" if instance.nobody_published else ""


class RepresentationReportView(ReportView):
    """Admin report: who is (and is not yet) telling stories, per department and level."""

    page_title = _("Representation")
    header_icon = "group"
    index_url_name = "stories_representation_report"
    index_results_url_name = "stories_representation_report_results"
    table_class = RepresentationTable
    paginate_by = None
    # Editors (and admins) hold publish permission on the story index; authors and coaches don't.
    permission_required = "publish"
    columns = [
        Column("kind", label=_("Group")),
        Column("name", label=_("Name")),
        Column("stories_this_quarter", label=_("Stories this quarter")),
        Column("authors_this_quarter", label=_("Active authors this quarter")),
        Column("stories_last_quarter", label=_("Stories last quarter")),
        Column("authors_last_quarter", label=_("Active authors last quarter")),
        Column("status", label=_("Status")),
    ]
    list_export = [
        "kind",
        "name",
        "stories_this_quarter",
        "authors_this_quarter",
        "stories_last_quarter",
        "authors_last_quarter",
        "status",
    ]
    export_headings = {
        "kind": _("Group"),
        "name": _("Name"),
        "stories_this_quarter": _("Stories this quarter"),
        "authors_this_quarter": _("Active authors this quarter"),
        "stories_last_quarter": _("Stories last quarter"),
        "authors_last_quarter": _("Active authors last quarter"),
        "status": _("Status"),
    }

    @cached_property
    def permission_policy(self):
        return policy_registry.get_by_type(Page)

    def get_filename(self):
        return f"representation-{timezone.localdate().isoformat()}"

    def get_page_subtitle(self):
        this_start = quarter_start(timezone.localdate())
        return _("This quarter (since %(this)s) vs last quarter (since %(last)s)") % {
            "this": date_format(this_start),
            "last": date_format(previous_quarter_start(this_start)),
        }

    def get_queryset(self):
        return representation_rows(timezone.localdate())


class RepresentationReportMenuItem(MenuItem):
    def is_shown(self, request):
        return policy_registry.get_by_type(Page).user_has_permission(request.user, "publish")
