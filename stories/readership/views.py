"""Readership views: the counting endpoints, the public "What we count" page, admin pages."""

import base64
import hashlib

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from authors.models import AuthorProfile
from cms import ratelimit
from cms.client_address import client_ip
from stories.models import ReaderHash, StoryCoAuthor, StoryPage
from stories.readership import charts, dashboard_cache, permissions, recording, rollups, storage
from stories.readership.counting import (
    Beacon,
    countable_story,
    reader_keys,
    reading_day,
    request_exclusion,
    sources_of,
    src_from_page_url,
    story_exclusion,
)

# The classic transparent 1x1 GIF (43 bytes).
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
NOT_FOUND = "No such live story."


def _plain(message, status):
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _buffer_unavailable():
    """The Redis buffer is down: say so (503) rather than fail with a 500; nothing is stored."""
    response = _plain("Counting is paused for a moment; this view was not counted.", 503)
    response["Retry-After"] = "60"
    return response


def _accepted(pixel):
    if pixel:
        return HttpResponse(PIXEL, content_type="image/gif")
    return HttpResponse(status=204)


def _story_id(story_param):
    try:
        story_id = int(story_param)
    except (TypeError, ValueError):
        return None
    return story_id if 0 < story_id <= 2**31 - 1 else None


def _count(request, *, story_param, kind, src, referrer, pixel):
    """Shared by the beacon and the pixel: validate, exclude, rate-limit, cap, dedupe, record."""
    story_id = _story_id(story_param)
    if story_id is None:
        return _plain("The story parameter must be a story id.", 400)
    if kind not in ReaderHash.Kind.values:
        return _plain("The kind parameter must be 'view' or 'read'.", 400)
    if request_exclusion(request):
        return _accepted(pixel)
    day = reading_day()
    signed_in = request.user.is_authenticated
    # Salted with the day's salt: no raw address reaches the limiter, the tallies or Redis.
    keys = reader_keys(
        storage.salt_for(day),
        ip=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
        story_id=story_id,
        user_id=request.user.pk if signed_in else None,
    )
    source, repeat_source = sources_of(src, referrer, request)
    beacon = Beacon(story_id, day, kind, keys, source, repeat_source)
    ceiling = settings.STORYWERK_READERSHIP_DAILY_CEILING
    limit = settings.STORYWERK_READERSHIP_RATE_LIMIT
    client = storage.redis_client()
    if client is not None and not signed_in:
        # Anonymous readers are never staff nor authors: only the story's state matters, and
        # Redis has it, so the rate limit, the checks and the recording are one Lua call.
        try:
            result = recording.count_anonymous(
                client,
                beacon,
                ceiling=ceiling,
                limit=limit,
                window=60,
                load_story=lambda: countable_story(story_id),
            )
        except storage.BufferUnavailable:
            return _buffer_unavailable()
        return _answer(result, pixel)
    if not ratelimit.hit("readership", keys.limiter, limit=limit, window=60):
        return _answer("limited", pixel)
    story = countable_story(story_id)
    reason = "gone" if story is None else story_exclusion(request, story)
    if reason in ("gone", "not-visible"):
        return _answer("gone", pixel)
    if reason:
        return _accepted(pixel)
    try:
        recording.record(beacon, ceiling)
    except storage.BufferUnavailable:
        return _buffer_unavailable()
    return _accepted(pixel)


def _answer(result, pixel):
    if result == "limited":
        return _plain("Too many requests; try again in a minute.", 429)
    if result in ("gone", "internal", "not-visible"):
        # An internal story is answered like a missing one: not revealed to outsiders.
        return _plain(NOT_FOUND, 404)
    # Counted, or past the ceiling, or a read without a view: the same answer to the client.
    return _accepted(pixel)


@csrf_exempt
@require_POST
@never_cache
def beacon(request):
    """navigator.sendBeacon target: story, kind (view|read), src (?src= of the page), ref."""
    return _count(
        request,
        story_param=request.POST.get("story"),
        kind=request.POST.get("kind", "view"),
        src=request.POST.get("src"),
        referrer=request.POST.get("ref", ""),
        pixel=False,
    )


@csrf_exempt
@require_http_methods(["GET", "HEAD"])
@never_cache
def pixel(request):
    """The <noscript> fallback: a view only; the source comes from the page's own ?src=.

    The page's original referrer is unknown here (the pixel's Referer is the story itself),
    so a pixel view without ?src= counts as "direct".
    """
    return _count(
        request,
        story_param=request.GET.get("story"),
        kind=ReaderHash.Kind.VIEW,
        src=src_from_page_url(request.META.get("HTTP_REFERER", "")),
        referrer="",
        pixel=True,
    )


def what_we_count(request):
    """Public page: what readership counting stores and what it never stores."""
    return render(
        request,
        "stories/readership/what_we_count.html",
        {
            "read_seconds": settings.STORYWERK_READ_SECONDS,
            "time_zone": settings.TIME_ZONE,
            "retention_months": settings.STORYWERK_READERSHIP_RETENTION_MONTHS,
            "milestones": settings.STORYWERK_READERSHIP_MILESTONES,
            "ceiling": settings.STORYWERK_READERSHIP_DAILY_CEILING,
        },
    )


# --- Admin ---------------------------------------------------------------------------------


def _story_rows(stories, today):
    """Stories with their 7/30/all-time figures (one query for the figures, any number)."""
    stories = list(stories)
    totals = rollups.totals_by_story([story.pk for story in stories], today)
    rows = []
    for story in stories:
        row = totals.get(story.pk) or rollups.empty_totals()
        rows.append({"story": story, **row})
    return rows


class ReadershipIndexView(WagtailAdminTemplateMixin, TemplateView):
    """My readership: my own stories, then (coaches, editors) the authors I may look at."""

    template_name = "stories/readership/admin/index.html"
    page_title = gettext_lazy("My readership")
    header_icon = "view"

    def dispatch(self, request, *args, **kwargs):
        if not permissions.shows_menu_item(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        today = reading_day()
        own = permissions.own_profile(user)
        if own is not None:
            context["profile"] = own
            context["author_section"] = author_section(own, today)
        # Whose figures this user may see is decided per request (permissions are never
        # cached); the key of the cached table names exactly that list of authors.
        profiles = list(
            permissions.viewable_profiles(user)
            .exclude(user=user)
            .order_by("display_name", "pk")
            .values_list("pk", "display_name")
        )
        context["authors_table"] = _authors_table(profiles, today) if profiles else ""
        return context


def _authors_table(profiles, today):
    """The table of these authors' all-time figures as HTML (cached until the next flush)."""
    ids = ",".join(str(pk) for pk, _name in profiles)
    digest = hashlib.sha256(ids.encode()).hexdigest()[:32]
    return mark_safe(  # noqa: S308 - our own template's output
        dashboard_cache.fragment(
            "authors",
            digest,
            today,
            any_flush=True,
            render=lambda: render_to_string(
                "stories/readership/admin/includes/authors_table.html",
                {"profile_totals": _profile_totals(profiles, today)},
            ),
        )
    )


def _profile_totals(profiles, today):
    """[(pk, name, all-time figures)]: cached per author, a fixed number of queries on a miss
    (after a flush only the authors of the counted stories are summed again)."""
    totals = dashboard_cache.per_profile(
        "totals", [pk for pk, _name in profiles], today, _compute_profile_totals
    )
    return [(pk, name, totals[pk]) for pk, name in profiles]


def _compute_profile_totals(ids):
    """{profile_id: all-time views/readers/reads of the stories they (co-)wrote}, 3 queries."""
    pairs = set(
        StoryPage.objects.filter(owner__author_profile__in=ids).values_list(
            "pk", "owner__author_profile"
        )
    )
    pairs |= set(StoryCoAuthor.objects.filter(profile__in=ids).values_list("page_id", "profile_id"))
    totals = rollups.all_time_by_story({story_id for story_id, _ in pairs})
    by_profile = {pid: {"views": 0, "readers": 0, "reads": 0} for pid in ids}
    for story_id, profile_id in pairs:
        row = totals.get(story_id)
        if row:
            for field in ("views", "readers", "reads"):
                by_profile[profile_id][field] += row[field]
    return by_profile


def author_section(profile, today):
    """An author's stories, totals, chart and sources as HTML, from the cache when it is there."""
    return mark_safe(  # noqa: S308 - our own template's output
        dashboard_cache.fragment(
            "author",
            profile.pk,
            today,
            profiles=[profile.pk],
            render=lambda: render_to_string(
                "stories/readership/admin/includes/author_section.html",
                author_context(profile, today),
            ),
        )
    )


def author_context(profile, today):
    stories = (
        StoryPage.objects.live()
        .by_author(profile)
        .only("pk", "title", "first_published_at")
        .order_by("-first_published_at", "-pk")
    )
    story_ids = StoryPage.objects.by_author(profile).values("pk")
    series = rollups.daily_series(story_ids, today=today)
    return {
        "profile": profile,
        "read_seconds": settings.STORYWERK_READ_SECONDS,
        "story_rows": _story_rows(stories, today),
        "totals": rollups.overall(story_ids),
        "sources": rollups.sources(story_ids),
        "series": series,
        "chart": charts.daily_chart(
            series,
            title=_("Daily views and daily readers of %(name)s's stories, last %(days)s days")
            % {"name": profile.display_name, "days": rollups.CHART_DAYS},
            description=_("Line chart; the same numbers are in the table below."),
        ),
    }


class AuthorReadershipView(WagtailAdminTemplateMixin, TemplateView):
    """One author's readership (their stories and co-authored ones)."""

    template_name = "stories/readership/admin/author.html"
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        self.profile = get_object_or_404(AuthorProfile, pk=kwargs["profile_id"])
        if not permissions.can_view_profile(request.user, self.profile):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Readership of %(name)s") % {"name": self.profile.display_name}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("readership_index"), "label": _("My readership")},
            {"url": "", "label": self.profile.display_name},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["author_section"] = author_section(self.profile, reading_day())
        return context


class StoryReadershipView(WagtailAdminTemplateMixin, TemplateView):
    """One story's readership: chart, daily table, sources, reads/views ratio, totals."""

    template_name = "stories/readership/admin/story.html"
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        self.story = get_object_or_404(StoryPage, pk=kwargs["story_id"])
        if not permissions.can_view_story(request.user, self.story):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Readership of “%(title)s”") % {"title": self.story.title}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("readership_index"), "label": _("My readership")},
            {"url": "", "label": self.story.title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        story = self.story
        today = reading_day()
        context["story"] = story
        context["story_section"] = mark_safe(  # noqa: S308 - our own template's output
            dashboard_cache.fragment(
                "story",
                story.pk,
                today,
                stories=[story.pk],
                render=lambda: render_to_string(
                    "stories/readership/admin/includes/story_section.html",
                    story_context(story, today),
                ),
            )
        )
        return context


def story_context(story, today):
    ids = [story.pk]
    series = rollups.daily_series(ids, today=today)
    return {
        "story_rows_list": _story_rows([story], today),
        "read_seconds": settings.STORYWERK_READ_SECONDS,
        "totals": rollups.overall(ids),
        "sources": rollups.sources(ids),
        "series": series,
        "chart": charts.daily_chart(
            series,
            title=_("Daily views and daily readers, last %(days)s days")
            % {"days": rollups.CHART_DAYS},
            description=_("Line chart; the same numbers are in the table below."),
        ),
    }
