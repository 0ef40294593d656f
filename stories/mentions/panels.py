"""The dashboard's "Mentions" panel, and marking mentions seen when the story is opened."""

from datetime import timedelta

from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Page

from stories.mentions.models import Mention
from stories.mentions.recording import comment_url
from stories.permissions import restrict_pages_for

SHOWN = 20
# Under a minute, Django's timesince reads "0 minutes": the panel says "just now" instead.
JUST_NOW = timedelta(minutes=1)


def unseen_mentions(user):
    """The user's unseen mentions on stories they may still open, newest first (one query).

    A story the user lost access to since (a coach change) drops out: its title stays hidden.
    """
    visible = restrict_pages_for(user, Page.objects.all()).values("pk")
    return (
        Mention.objects.unseen_by(user)
        .filter(page__in=visible)
        .select_related("page", "comment", "reply", "mentioned_by")
        .order_by("-created_at", "-pk")
    )


class MentionsPanel(Component):
    """Unseen mentions: the story, who mentioned, the start of the comment, a link to it."""

    name = "mentions"
    order = 80
    template_name = "stories/mentions/dashboard_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        user = self.request.user
        # Most dashboards have no unseen mention: an indexed look-up tells, and the query that
        # checks which stories the user may still open (the costly part) runs only when needed.
        if not Mention.objects.unseen_by(user).exists():
            return {"rows": [], "more": False}
        mentions = list(unseen_mentions(user)[: SHOWN + 1])
        now = timezone.now()
        return {
            "rows": [
                {
                    "mention": mention,
                    "url": comment_url(mention.comment_id, mention.page_id),
                    "just_now": now - mention.created_at < JUST_NOW,
                }
                for mention in mentions[:SHOWN]
            ],
            "more": len(mentions) > SHOWN,
        }

    def render_html(self, parent_context=None):
        html = super().render_html(parent_context)
        return html if html.strip() else ""


def add_mentions_panel(request, panels):
    panels.append(MentionsPanel(request))


def mark_seen_on_opening(request, page):
    """`before_edit_page`: opening the story's editor marks the user's mentions on it seen."""
    if request.method == "GET" and request.user.is_authenticated:
        Mention.objects.unseen_by(request.user).filter(page_id=page.pk).update(
            seen_at=timezone.now()
        )
