"""The "Thanks from readers" dashboard panel: what readers wrote to this author.

The rows are cached per author (the dashboard's query count stays flat, tests/stories/
test_dashboard.py); sending, hiding, reporting and the sender's erasure forget the caches of
the authors concerned (`forget_panels`).
"""

from django.core.cache import cache
from wagtail.admin.ui.components import Component

from stories.thanks.models import StoryThanks

CACHE_SECONDS = 600


def _key(user_id):
    return f"storywerk:thanks-panel:{user_id}"


def forget_panels(story_ids):
    """Drop the cached panels of every author of these stories."""
    from stories.models import StoryCoAuthor, StoryPage

    owners = StoryPage.objects.filter(pk__in=story_ids).values_list("owner_id", flat=True)
    co_authors = StoryCoAuthor.objects.filter(page_id__in=story_ids).values_list(
        "profile__user_id", flat=True
    )
    cache.delete_many([_key(user_id) for user_id in {*owners, *co_authors} if user_id])


def _rows(user, latest):
    rows = cache.get(_key(user.pk))
    if rows is None:
        thanks = (
            StoryThanks.objects.shown_to(user)
            .select_related("story", "sender__author_profile")
            .order_by("-created_at", "-pk")[:latest]
        )
        rows = [
            {
                "pk": item.pk,
                "message": item.message,
                "created_at": item.created_at,
                "story_title": item.story.title,
                "sender_name": _name(item.sender),
            }
            for item in thanks
        ]
        cache.set(_key(user.pk), rows, CACHE_SECONDS)
    return rows


def _name(user):
    profile = getattr(user, "author_profile", None)
    return profile.display_name if profile else (user.get_full_name() or user.get_username())


class ThanksPanel(Component):
    """The latest thank-yous for the user's stories (co-authored too), minus those they hid."""

    name = "story_thanks"
    order = 140
    template_name = "stories/thanks/panel.html"
    latest = 10

    def __init__(self, user):
        self.user = user
        self.rows = None

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context.update(thanks=self.rows, csrf_token=parent_context.get("csrf_token"))
        return context

    def render_html(self, parent_context=None):
        self.rows = _rows(self.user, self.latest)
        # No panel at all for someone nobody has thanked (most coaches and editors).
        if not self.rows:
            return ""
        return super().render_html(parent_context)


def add_thanks_panel(request, panels):
    """construct_homepage_panels: the panel for anyone who has a story."""
    if request.user.is_authenticated:
        panels.append(ThanksPanel(request.user))
