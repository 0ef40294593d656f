"""The stories part of an author's GDPR export: their stories and readership figures."""

from stories.models import StoryDailyViews, StoryPage


def story_personal_data(user, profile):
    """Stories the user leads or co-authors (drafts included) and their daily figures."""
    if profile is None:
        return {"stories": [], "readership": []}
    stories = list(StoryPage.objects.by_author(profile).select_related("department").order_by("pk"))
    story_ids = [story.pk for story in stories]
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
            }
            for story in stories
        ],
        "readership": readership,
    }


def _iso(value):
    return value.isoformat() if value else None
