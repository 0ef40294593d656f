"""Plain Django views and page sections of the stories app."""

import datetime
import logging
import re
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import DatabaseError, transaction
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.auth import require_admin_access
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, Table
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail.search.backends import get_search_backend

from authors.models import AuthorProfile, Department, Level, ProfileVisibility
from cms import ratelimit
from stories.forms import PitchForm
from stories.models import (
    MostReadSettings,
    StoryCoAuthor,
    StoryPage,
    audiences_for,
    is_employee,
)
from stories.mostread.figures import SMALL_CELL, figures_for
from stories.pipeline.board import build_board, coach_reply_days, coached_stories, due_days
from stories.pitches.triage import notify_editors_of_pitch
from stories.review.models import is_coach, is_editor

# An author with 200 stories rendered 200 cards (and renditions) per view: page them.
AUTHOR_STORIES_PER_PAGE = 24


def author_stories_section(request, profile):
    """The "Stories" section of an author's hero page: their live stories this reader may see."""
    stories = (
        StoryPage.objects.listable_for(request.user)
        .by_author(profile)
        .with_listing_relations()
        .order_by("-first_published_at", "-pk")
    )
    page_obj = Paginator(stories, AUTHOR_STORIES_PER_PAGE).get_page(request.GET.get("page"))
    return {
        "template": "stories/author_stories_section.html",
        "stories": page_obj.object_list,
        "page_obj": page_obj,
    }


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


def coached_stories_section(request, profile):
    """The "Stories I coached" section of a coach's hero page (unless they opted out)."""
    if not profile.credit_as_coach:
        return None
    stories = (
        coached_stories(profile.user)
        .listable_for(request.user)
        .with_listing_relations()
        .order_by("-first_published_at")
    )
    if not stories:
        return None
    return {"template": "stories/coached_stories_section.html", "stories": stories}


@login_required
def pitch_story(request):
    """/pitch/: any logged-in employee pitches a story in a minute."""
    form = PitchForm(request.POST or None, initial=_pitch_initial(request.user))
    if request.method == "POST":
        allowed = ratelimit.hit(
            "pitch",
            ratelimit.hashed_key("user", request.user.pk),
            limit=settings.STORYWERK_PITCHES_PER_HOUR,
            window=3600,
        )
        if not allowed:
            return render(request, "stories/pitches/rate_limited.html", {"form": form}, status=429)
        if form.is_valid():
            pitch = form.save(commit=False)
            pitch.submitted_by = request.user
            pitch.save()
            transaction.on_commit(lambda: notify_editors_of_pitch(pitch))
            return redirect("pitch_thanks")
    return render(request, "stories/pitches/pitch_form.html", {"form": form})


@login_required
def pitch_thanks(request):
    profile = AuthorProfile.objects.filter(user=request.user).select_related("coach").first()
    coach = profile.coach if profile else None
    return render(
        request,
        "stories/pitches/pitch_thanks.html",
        {"coach": coach, "reply_days": coach_reply_days(coach)},
    )


def _pitch_initial(user):
    profile = AuthorProfile.objects.filter(user=user).only("department_id").first()
    return {"department": profile.department_id} if profile else {}


def can_see_pipeline(user):
    return is_editor(user) or is_coach(user)


class PipelineBoardView(WagtailAdminTemplateMixin, TemplateView):
    """Admin: every story from pitch to published, for editors (all) and coaches (theirs).

    Two renderings of the same data: a board of columns and, for screen readers and small
    screens, one table (?view=list). Plain HTML and CSS, no script.
    """

    template_name = "stories/admin/pipeline_board.html"
    page_title = _("Pipeline")
    header_icon = "list-ul"

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


# --- Most read, search (issue 5) ---------------------------------------------------------


def most_read(request):
    """/most-read/: top stories, storytellers, departments and company figures (cached)."""
    figures = figures_for(request.user)
    page_settings = MostReadSettings.load(request_or_site=request)
    return TemplateResponse(
        request,
        "stories/most_read.html",
        {
            "figures": figures,
            "show_leaderboard": page_settings.show_storytellers_leaderboard,
            "small_cell": SMALL_CELL,
        },
    )


SEARCH_MAX_LENGTH = 200
SEARCH_MAX_WORDS = 12
SEARCH_PER_PAGE = 20
# Only letters and digits reach the backend: quotes, brackets, "*", ":" or NUL are query
# syntax (or errors) in SQLite FTS5 and PostgreSQL, and readers never mean them as such.
_NOT_A_WORD = re.compile(r"[\W_]+")

logger = logging.getLogger(__name__)


def clean_search_query(raw):
    """What a person or a bot typed, as plain words any search backend accepts ("" if none).

    Words are lower-cased so FTS operators (AND, OR, NOT, NEAR) are plain words too.
    """
    words = _NOT_A_WORD.sub(" ", (raw or "")[: SEARCH_MAX_LENGTH * 4]).lower().split()
    return " ".join(words[:SEARCH_MAX_WORDS])[:SEARCH_MAX_LENGTH].strip()


def _search_results(query, user, page_number):
    """(stories page, profiles) for a cleaned query; (None, []) if the backend still balks."""
    try:
        # A savepoint, so a backend error cannot break the surrounding transaction.
        with transaction.atomic():
            # Only the ids: the cards are re-read below with their relations; the ranked
            # query would otherwise carry every matching story's body through the sort.
            story_results = (
                StoryPage.objects.live()
                .filter(audience__in=audiences_for(user))
                .only("pk")
                .search(query, operator="and")
            )
            story_page = Paginator(story_results, SEARCH_PER_PAGE).get_page(page_number)
            story_ids = [story.pk for story in story_page.object_list]
            allowed = [ProfileVisibility.PUBLIC]
            if is_employee(user):
                allowed.append(ProfileVisibility.INTERNAL)
            profile_ids = [
                profile.pk
                for profile in get_search_backend().search(
                    query,
                    AuthorProfile.objects.filter(profile_visibility__in=allowed),
                    operator="and",
                )[:SEARCH_PER_PAGE]
            ]
    except DatabaseError:
        logger.warning("Search backend rejected a cleaned query of %d characters", len(query))
        return None, []
    # Re-read the page's stories with their byline relations in two queries.
    by_pk = StoryPage.objects.with_listing_relations().in_bulk(story_ids)
    story_page.object_list = [by_pk[pk] for pk in story_ids if pk in by_pk]
    # Deactivated people have no profile page: drop them here (not a search filter field).
    people = (
        AuthorProfile.objects.visible_to(user)
        .select_related("department", "photo")
        .in_bulk(profile_ids)
    )
    return story_page, [people[pk] for pk in profile_ids if pk in people]


def search(request):
    """/search/?q=: stories and storytellers this reader may see, with Wagtail search.

    Filters on `audience` (never `.public()`, see stories.models.pages) and on profile
    visibility; anything typed gives results or "no results", never an error.
    """
    # What the reader typed, for display only (escaped by the template, controls removed).
    typed = " ".join(re.sub(r"[\x00-\x1f\x7f]", " ", request.GET.get("q", "")).split())
    typed = typed[:SEARCH_MAX_LENGTH]
    query = clean_search_query(typed)
    story_page, profiles = None, []
    if query:
        story_page, profiles = _search_results(query, request.user, request.GET.get("page"))
    return TemplateResponse(
        request,
        "stories/search.html",
        {
            "query": query,
            "typed": typed,
            "stories": story_page.object_list if story_page else [],
            "page_obj": story_page,
            "profiles": profiles,
            "searched": bool(typed),
        },
    )


# --- Representation report for editors (issue 5) -----------------------------------------


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


def representation_rows(today):
    """Rows per department, then per level, from live stories first published in each quarter.

    A story counts for its department, and once for each level among its byline authors;
    an author is active in a quarter when a story of theirs (as owner or co-author) went live.
    """
    this_start = quarter_start(today)
    last_start = previous_quarter_start(this_start)
    tz = timezone.get_current_timezone()

    def aware(day):
        return datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)

    stories = list(
        StoryPage.objects.live()
        .filter(first_published_at__gte=aware(last_start))
        .values_list("pk", "owner_id", "department_id", "first_published_at")
    )
    co_authors = defaultdict(set)
    for page_id, profile_id in StoryCoAuthor.objects.filter(
        page_id__in=[row[0] for row in stories]
    ).values_list("page_id", "profile_id"):
        co_authors[page_id].add(profile_id)
    profiles = {
        pk: (user_id, department_id, level)
        for pk, user_id, department_id, level in AuthorProfile.objects.values_list(
            "pk", "user_id", "department_id", "level"
        )
    }
    profile_of_user = {user_id: pk for pk, (user_id, _d, _l) in profiles.items()}

    # counts[quarter][("department"|"level", key)] -> (set of stories, set of authors)
    counts = {q: defaultdict(lambda: (set(), set())) for q in ("this", "last")}
    this_from = aware(this_start)
    for pk, owner_id, department_id, published in stories:
        quarter = counts["this" if published >= this_from else "last"]
        authors = set(co_authors[pk])
        if owner_id in profile_of_user:
            authors.add(profile_of_user[owner_id])
        if department_id is not None:
            quarter[("department", department_id)][0].add(pk)
        for profile_id in authors:
            _user_id, profile_department, level = profiles[profile_id]
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
