"""The authors a coach or an editor may look at, with their figures of the period: the
table under My readership (editors may narrow it to one department)."""

import hashlib

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from authors.models import Department
from authors.roles import is_coach
from stories.models import CoachReviewTaskState, StoryCoAuthor, StoryPage
from stories.readership import dashboard_cache, figures, permissions


def team_context(request, period):
    """{table, departments, department} for the viewer, or None when they see nobody else."""
    user = request.user
    profiles = permissions.viewable_profiles(user).exclude(user=user)
    departments = []
    department = None
    if permissions.sees_all(user):
        departments = list(Department.objects.order_by("name").only("pk", "name", "slug"))
        slug = request.GET.get("department", "")
        department = next((d for d in departments if d.slug == slug), None)
        if department is not None:
            profiles = profiles.filter(department=department)
    rows = list(profiles.order_by("display_name", "pk").values_list("pk", "display_name"))
    if not rows and department is None:
        return None
    return {
        "table": _authors_table(rows, period) if rows else "",
        "departments": departments,
        "department": department,
        "impact": coach_impact(user, period) if is_coach(user) else None,
    }


def coached_story_ids(user):
    """Stories whose coach step this user was assigned or finished: 1 query."""
    object_ids = (
        CoachReviewTaskState.objects.filter(Q(assigned_coach=user) | Q(finished_by=user))
        .values_list("workflow_state__object_id", flat=True)
        .distinct()
    )
    # Wagtail keeps a workflow's object id as text (any model may have a workflow).
    return [int(pk) for pk in object_ids if pk.isdigit()]


def coach_impact(user, period):
    """The coach's impact card: reads (with their change) of the stories they coached."""
    ids = coached_story_ids(user)
    now, before = figures.period_totals(ids, period)
    card = next(card for card in figures.cards(now, before) if card["key"] == "reads")
    return {**card, "stories": len(ids)}


def _authors_table(profiles, period):
    """The table of these authors' figures in the period as HTML (cached until the next flush).

    The key names exactly this list of authors: whoever may see it decided per request."""
    ids = ",".join(str(pk) for pk, _name in profiles)
    digest = hashlib.sha256(ids.encode()).hexdigest()[:32]
    return mark_safe(  # noqa: S308 - our own template's output
        dashboard_cache.fragment(
            "authors",
            f"{digest}:{period.key}",
            period.today,
            any_flush=True,
            render=lambda: render_to_string(
                "stories/readership/admin/includes/authors_table.html",
                {"period": period, "profile_totals": _profile_totals(profiles, period)},
            ),
        )
    )


def _profile_totals(profiles, period):
    """[(pk, name, figures of the period)]: 3 queries whatever the number of authors."""
    ids = [pk for pk, _name in profiles]
    pairs = set(
        StoryPage.objects.filter(owner__author_profile__in=ids).values_list(
            "pk", "owner__author_profile"
        )
    )
    pairs |= set(StoryCoAuthor.objects.filter(profile__in=ids).values_list("page_id", "profile_id"))
    totals = figures.by_story({story_id for story_id, _ in pairs}, period)
    by_profile = {pk: dict.fromkeys(figures.FIELDS, 0) for pk in ids}
    for story_id, profile_id in pairs:
        row = totals.get(story_id)
        if row:
            for field in figures.FIELDS:
                by_profile[profile_id][field] += row[field]
    return [(pk, name, by_profile[pk]) for pk, name in profiles]
