"""The stories part of an author's GDPR export: their stories and readership figures."""

from wagtail.models import Revision

from stories.models import StoryDailyViews, StoryPage


def story_personal_data(user, profile):
    """Stories the user leads or co-authors (drafts included) and their daily figures."""
    if profile is None:
        return {"stories": [], "readership": []}
    stories = list(StoryPage.objects.by_author(profile).select_related("department").order_by("pk"))
    story_ids = [story.pk for story in stories]
    drafts = _pending_drafts(stories)
    readership = [
        {**row, "day": row["day"].isoformat()}
        for row in StoryDailyViews.objects.filter(story_id__in=story_ids)
        .order_by("story_id", "day", "source")
        .values("story_id", "day", "source", "views", "readers", "reads")
    ]
    return {
        "stories": [
            {
                "id": story.pk,
                "title": story.title,
                "role": "lead" if story.owner_id == user.pk else "co-author",
                "teaser": story.teaser,
                "body": list(story.body.raw_data),
                "live": story.live,
                "has_unpublished_changes": story.has_unpublished_changes,
                "audience": story.audience,
                "content_language": story.content_language,
                "department": story.department.name if story.department_id else None,
                "first_published_at": _iso(story.first_published_at),
                "last_published_at": _iso(story.last_published_at),
                "url_path": story.url_path,
                "pending_draft": drafts.get(story.pk),
            }
            for story in stories
        ],
        "readership": readership,
    }


def _pending_drafts(stories):
    """{story id: the latest revision's text} for stories with unsaved-to-live changes.

    The page row holds the live (or first saved) version; what the author wrote since lives
    only in the latest revision. One query for all of them.
    """
    wanted = {
        story.latest_revision_id: story.pk
        for story in stories
        if story.latest_revision_id is not None and story.has_unpublished_changes
    }
    drafts = {}
    for revision in Revision.objects.filter(pk__in=wanted):
        draft = revision.as_object()
        drafts[wanted[revision.pk]] = {
            "title": draft.title,
            "teaser": draft.teaser,
            "body": list(draft.body.raw_data),
            "saved_at": revision.created_at.isoformat(),
        }
    return drafts


def _iso(value):
    return value.isoformat() if value else None
